using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Hosting;

/// <summary>
/// Nothing here needs ASP.NET Core Data Protection (no cookies, no antiforgery: API keys are checked against hashes in
/// configuration, codes are HMACs under configured keys). Registered anyway, it loads or creates a key ring on every
/// start — per replica, on the container's disk — and warns about it. The service must neither use nor mention one.
/// </summary>
public sealed class DataProtectionTests
{
    private const string Category = "Microsoft.AspNetCore.DataProtection";

    [Test]
    public async Task ProductionStart_LogsNothingFromDataProtection_AndOffersNoKeyRing()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "Vonage", // the real one never gets a request here
            ["Sms:Vonage:ApiKey"] = "unused-key",
            ["Sms:Vonage:ApiSecret"] = "unused-secret",
            ["Sms:Vonage:From"] = "SecureOtp",
            ["Hosting:DrainDelay"] = "00:00:00",
            ["Logging:LogLevel:" + Category] = "Trace", // its debug lines show the key ring being read even when it does not warn
        };
        using var app = new SecureOtpApp(StoreKind.Redis, settings, environment: "Production");

        using var http = app.CreateClient();
        using (var live = await http.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the service started");
        }

        var fromDataProtection = app.Logs.GetSnapshot().Where(r => r.Category?.StartsWith(Category, StringComparison.Ordinal) == true).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(app.Logs.GetSnapshot(), Is.Not.Empty, "the collector saw the app's logs");
            Assert.That(fromDataProtection.Select(r => $"{r.Level} {r.Category}: {r.Message}"), Is.Empty);
            Assert.That(app.Services.GetService<IDataProtectionProvider>(), Is.Null,
                "a per-replica key ring would break whatever used it behind a load balancer; configure a shared one first");
        });
    }
}
