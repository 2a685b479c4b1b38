using System.Security.Cryptography;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Webhooks;

/// <summary>Settings that point tenants at a <see cref="WebhookReceiver"/>, with retries measured in milliseconds.</summary>
public static class WebhookTestSetup
{
    /// <summary>The API key each test tenant sends and verifies with.</summary>
    public static string KeyOf(string tenant) => tenant == "other" ? TestApiKeys.OtherTenant : TestApiKeys.Full;

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string?> Settings(WebhookReceiver receiver, IReadOnlyDictionary<string, string> secretsByTenant, string timeout = "00:00:05")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:RetryBaseDelay"] = "00:00:00.050",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:Timeout"] = timeout,
        };
        foreach (var (tenant, secret) in secretsByTenant)
        {
            settings[$"Webhooks:{tenant}:Url"] = receiver.UrlFor(tenant);
            settings[$"Webhooks:{tenant}:Secret"] = secret;
        }

        return settings;
    }

    /// <summary>
    /// Bounded polling that also moves the apps' clocks on (0.2 s per 0.1 s poll): the test clock's "now" stands still
    /// unless moved, and a retry is due only once "now" passes its backoff.
    /// </summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, params SecureOtpApp[] apps) =>
        RedisReadiness.WaitUntilAsync(() =>
        {
            foreach (var app in apps)
            {
                app.Clock.Advance(TimeSpan.FromMilliseconds(200));
            }

            return Task.FromResult(condition());
        }, TimeSpan.FromSeconds(30), what);

    /// <summary>Every request the receiver got for <paramref name="tenant"/> verifies under <paramref name="secret"/>.</summary>
    public static void AssertAllSigned(WebhookReceiver receiver, string tenant, string secret, DateTimeOffset now)
    {
        var requests = receiver.Received.Where(r => r.Tenant == tenant).ToList();
        Assert.That(requests, Is.Not.Empty);
        Assert.That(requests.Where(r => !StandardWebhooksVerifier.Verify(secret, r.Id, r.Timestamp, r.Signature, r.Body, now)), Is.Empty,
            "every delivery verifies with a Standard Webhooks verifier");
    }
}
