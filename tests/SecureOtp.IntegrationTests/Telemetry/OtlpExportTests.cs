using System.Diagnostics;
using System.Text;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>
/// End to end: with only the standard OTEL_* environment variables set, the service exports traces, metrics and logs as
/// OTLP/HTTP protobuf to a receiver on loopback, and none of them carries a code, a phone number or a key.
/// </summary>
[NonParallelizable]
public sealed class OtlpExportTests
{
    private static readonly string[] Signals = ["traces", "metrics", "logs"];

    private static readonly Dictionary<string, string> Otel = new()
    {
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = "secureotp-e2e",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.region=test-1",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
    };

    [Test]
    public async Task ServicePointedAtAReceiver_ExportsTracesMetricsAndLogs_WithNoSecrets()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string code;
        var phone = OtpClient.NewPhone();
        const string userId = "otlp-user@example.com";
        SetEnvironment(receiver.Endpoint.ToString().TrimEnd('/'));
        try
        {
            using var app = new SecureOtpApp(StoreKind.Redis);
            var client = OtpClient.For(app);
            var id = await client.StartAsync(userId, phone);
            code = await client.ReadCodeAsync(id);
            using (await client.VerifyAsync(id, OtpClient.WrongCode(code), userId))
            using (await client.VerifyAsync(id, code, userId))
            {
            }

            await WaitUntil(() => receiver.Contains("traces", "otp.verify") && receiver.Contains("metrics", "secureotp.verify.requests")
                && receiver.Contains("logs", "OTP verify"));
        }
        finally
        {
            SetEnvironment(null);
        }

        Assert.Multiple(() =>
        {
            Assert.That(receiver.Received.Keys, Is.SupersetOf(Signals));
            Assert.That(receiver.Received.Values.SelectMany(b => b).Select(b => b.ContentType).Distinct(), Is.All.EqualTo("application/x-protobuf"));
            Assert.That(receiver.Contains("traces", "otp.send"), Is.True);
            Assert.That(receiver.Contains("traces", "redis attempt"), Is.True);
            Assert.That(receiver.Contains("traces", "secureotp-e2e"), Is.True, "service.name from OTEL_SERVICE_NAME");
            Assert.That(receiver.Contains("traces", "test-1"), Is.True, "attributes from OTEL_RESOURCE_ATTRIBUTES");
            Assert.That(receiver.Contains("metrics", "secureotp.send.requests"), Is.True);
            Assert.That(receiver.Contains("metrics", "http.server.request.duration"), Is.True);
        });

        foreach (var secret in new[] { code, phone, phone[1..], userId, TestApiKeys.Full, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=" })
        {
            var needle = Encoding.UTF8.GetBytes(secret);
            Assert.That(receiver.AllBodies.Any(b => b.AsSpan().IndexOf(needle) >= 0), Is.False, $"an exported signal holds '{secret}'");
        }
    }

    private static void SetEnvironment(string? endpoint)
    {
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        foreach (var (key, value) in Otel)
        {
            Environment.SetEnvironmentVariable(key, endpoint is null ? null : value);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }
    }
}
