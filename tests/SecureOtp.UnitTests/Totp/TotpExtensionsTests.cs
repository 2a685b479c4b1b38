using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Hosting;
using SecureOtp.Api.Risk;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

/// <summary>The authenticator factor stands on its own: it needs Security, Storage and Risk, never the SMS factor's
/// registration (<c>AddOtp</c>), which used to be the only one to register the pseudonym key it names users by.</summary>
public sealed class TotpExtensionsTests
{
    [Test]
    public void AddTotp_WithoutAddOtp_BuildsTheTotpService()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Otp:PseudonymKey"] = TestKeys.NewSecret(),
            ["Totp:SecretKeys:t1"] = TestKeys.NewSecret(),
            ["Totp:ActiveSecretKeyId"] = "t1",
        });
        builder.AddServiceDefaults();
        builder.AddProblemResponses();
        builder.AddApiKeyAuthentication();
        builder.AddPseudonymKey();
        builder.AddOtpStorage();
        builder.AddRisk();
        builder.AddTotp();

        using var app = builder.Build();

        Assert.That(app.Services.GetRequiredService<TotpService>(), Is.Not.Null);
        Assert.That(app.Services.GetRequiredService<PseudonymKey>().Secret, Has.Length.EqualTo(32));
    }
}
