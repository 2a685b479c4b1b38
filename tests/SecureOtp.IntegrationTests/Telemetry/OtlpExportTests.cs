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

    [Test]
    public async Task ServicePointedAtAReceiver_ExportsTracesMetricsAndLogs_WithNoSecrets()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string code;
        var phone = OtpClient.NewPhone();
        const string userId = "otlp-user@example.com";
        using (OtlpEnvironment.PointAt(receiver))
        {
            using var app = new SecureOtpApp(StoreKind.Redis);
            var client = OtpClient.For(app);
            var id = await client.StartAsync(userId, phone);
            code = await client.ReadCodeAsync(id);
            using (await client.VerifyAsync(id, OtpClient.WrongCode(code), userId))
            using (await client.VerifyAsync(id, code, userId))
            {
            }

            await OtlpEnvironment.WaitUntil(() => receiver.Contains("traces", "otp.verify") && receiver.Contains("metrics", "secureotp.verify.requests")
                && receiver.Contains("logs", "OTP verify"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(receiver.Received.Keys, Is.SupersetOf(Signals));
            Assert.That(receiver.Received.Values.SelectMany(b => b).Select(b => b.ContentType).Distinct(), Is.All.EqualTo("application/x-protobuf"));
            Assert.That(receiver.Contains("traces", "otp.send"), Is.True);
            Assert.That(receiver.Contains("traces", "redis attempt"), Is.True);
            Assert.That(receiver.Contains("traces", OtlpEnvironment.ServiceName), Is.True, "service.name from OTEL_SERVICE_NAME");
            Assert.That(receiver.Contains("traces", "test-1"), Is.True, "attributes from OTEL_RESOURCE_ATTRIBUTES");
            Assert.That(receiver.Contains("traces", "deployment.environment.name") && receiver.Contains("traces", "Development"), Is.True);
            Assert.That(receiver.Contains("traces", "service.instance.id") && receiver.Contains("traces", "service.version"), Is.True);
            Assert.That(receiver.Contains("metrics", "secureotp.send.requests"), Is.True);
            Assert.That(receiver.Contains("metrics", "http.server.request.duration"), Is.True);
        });

        foreach (var secret in new[] { code, phone, phone[1..], userId, TestApiKeys.Full, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=" })
        {
            var needle = Encoding.UTF8.GetBytes(secret);
            Assert.That(receiver.AllBodies.Any(b => b.AsSpan().IndexOf(needle) >= 0), Is.False, $"an exported signal holds '{secret}'");
        }
    }

    [Test]
    public async Task ProviderPipelines_ExportPollysResilienceMetrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var providers = await RecordingProviders.StartAsync();
        using (OtlpEnvironment.PointAt(receiver))
        {
            using var app = new SecureOtpApp(StoreKind.Redis, providers.ServiceSettings());
            await OtpClient.For(app).StartAsync(OtpClient.NewUserId());
            await OtlpEnvironment.WaitUntil(() => receiver.Contains("metrics", "resilience.polly.strategy.attempt.duration"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(receiver.Contains("metrics", "resilience.polly.strategy.attempt.duration"), Is.True, "Polly's meter is exported");
            Assert.That(receiver.Contains("metrics", "secureotp.sms.duration"), Is.True);
        });
    }
}
