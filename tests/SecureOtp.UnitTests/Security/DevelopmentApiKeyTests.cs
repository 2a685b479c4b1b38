using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Security;

public sealed class DevelopmentApiKeyTests
{
    [Test]
    public void NoKeyConfigured_AddsTheReadmeKeyWithBothScopes()
    {
        var options = new AuthOptions();
        DevelopmentApiKey.AddWhenNoneConfigured(options);

        var dev = options.ApiKeys[DevelopmentApiKey.Client];
        Assert.That(dev.KeyHash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("dev-only-secureotp-key")))));
        Assert.That(dev.Scopes, Is.EquivalentTo(Scopes.All));
    }

    [Test]
    public void AnyKeyConfigured_LeavesTheReadmeKeyOut()
    {
        var options = new AuthOptions();
        options.ApiKeys["mine"] = new ApiClientOptions { KeyHash = new string('a', 64), Scopes = [Scopes.Send] };
        DevelopmentApiKey.AddWhenNoneConfigured(options);

        Assert.That(options.ApiKeys.Keys.Single(), Is.EqualTo("mine"));
    }
}
