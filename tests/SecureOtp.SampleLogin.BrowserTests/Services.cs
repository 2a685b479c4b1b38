using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecureOtp.SampleLogin.BrowserTests;

/// <summary>
/// Everything the browser talks to, once for the whole run: a redis-server, SecureOtp in Development on it (texts kept
/// in the outbox at GET /dev/outbox) and the sample login app pointed at it with the development key. Stopped by pid.
/// </summary>
[SetUpFixture]
public sealed partial class Services
{
    public const string WebhookSecret = "whsec_c2FtcGxlLWxvZ2luLWJyb3dzZXItdGVzdHMtc2VjcmV0";

    private static RedisServer? redis;
    private static AppProcess? secureOtp;
    private static AppProcess? sample;
    private static string? database;

    public static AppProcess SecureOtp => secureOtp ?? throw new InvalidOperationException("SecureOtp was not started");

    public static AppProcess Sample => sample ?? throw new InvalidOperationException("the sample app was not started");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        redis = RedisServer.Start();
        var samplePort = LoopbackPorts.Free();
        secureOtp = await AppProcess.StartAsync("src/SecureOtp.Api", "health/ready", new Dictionary<string, string>
        {
            ["Redis__Configuration"] = redis.Configuration,
            ["Redis__KeyPrefix"] = "browser",
            // Adding a phone texts a code and the sign-in right after texts the same number again: no cooldown between.
            ["Otp__ResendCooldown"] = "00:00:00",
            // The sample receives the development tenant's events.
            ["Webhooks__dev__Url"] = $"http://127.0.0.1:{samplePort}/webhooks/secureotp",
            ["Webhooks__dev__Secret"] = WebhookSecret,
            ["Webhooks__RetryBaseDelay"] = "00:00:01",
        });
        database = Path.Combine(Path.GetTempPath(), $"sample-login-{Guid.NewGuid():N}.db");
        sample = await AppProcess.StartAsync("samples/SecureOtp.SampleLogin", "", new Dictionary<string, string>
        {
            ["SecureOtp__BaseAddress"] = secureOtp.BaseUrl.ToString(),
            ["SecureOtp__ApiKey"] = "dev-only-secureotp-key",
            ["SecureOtp__WebhookSecret"] = WebhookSecret,
            ["ConnectionStrings__Sample"] = $"Data Source={database}",
        }, samplePort);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        sample?.Dispose();
        secureOtp?.Dispose();
        redis?.Dispose();
        if (database is not null)
        {
            File.Delete(database);
        }
    }

    /// <summary>The code of the newest text to <paramref name="phone"/> that is not among <paramref name="seen"/>, waiting for it to arrive.</summary>
    public static async Task<string> NextCodeAsync(string phone, ICollection<string> seen)
    {
        using var http = new HttpClient { BaseAddress = SecureOtp.BaseUrl };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Filtered by the whole number: the masked "to" shows two digits, which another test's number may share.
            var texts = (await http.GetFromJsonAsync<JsonArray>($"dev/outbox?phoneNumber={Uri.EscapeDataString(phone)}"))!;
            var newest = texts.Select(t => t!.AsObject()).FirstOrDefault(t => !seen.Contains(t["messageId"]!.GetValue<string>()));
            if (newest is not null)
            {
                seen.Add(newest["messageId"]!.GetValue<string>());
                return Code().Match(newest["text"]!.GetValue<string>()).Value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no new text arrived in the outbox");
    }

    /// <summary>The ids of every text in the outbox now: a test's codes are the texts that arrive after it.</summary>
    public static async Task<HashSet<string>> OutboxNowAsync()
    {
        using var http = new HttpClient { BaseAddress = SecureOtp.BaseUrl };
        var texts = (await http.GetFromJsonAsync<JsonArray>("dev/outbox"))!;
        return [.. texts.Select(t => t!["messageId"]!.GetValue<string>())];
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Code();
}
