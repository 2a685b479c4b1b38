using System.Net;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>How the webhook behaves as configured: without a secret outside Development, unsigned in Development, and
/// while Redis is down; and what it counts.</summary>
public sealed class ReceiptSetupTests
{
    [Test]
    public async Task Production_WithoutASignatureSecret_RefusesEveryReceipt_AndSaysWhyOnceAtStart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "Vonage", // never called here
            ["Sms:Vonage:ApiKey"] = "unused-key",
            ["Sms:Vonage:ApiSecret"] = "unused-secret",
            ["Sms:Vonage:From"] = "SecureOtp",
            ["Hosting:DrainDelay"] = "00:00:00",
        };
        using var app = new SecureOtpApp(StoreKind.Redis, settings, environment: "Production");
        var vonage = new ReceiptPoster(app.CreateClient(), app.Clock);

        using var response = await vonage.PostAsync("0A0000001234567B", "failed");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_signature");
        Assert.That(app.LogText().Split('\n').Count(l => l.Contains("SignatureSecret is not set", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(app.LogText(), Does.Not.Contain(ReceiptPoster.Secret));
    }

    [Test]
    public async Task Development_WithoutASignatureSecret_TakesUnsignedReceipts()
    {
        using var app = new SecureOtpApp(StoreKind.InProcess);
        var client = OtpClient.For(app);
        var id = await client.StartAsync(OtpClient.NewUserId());
        var unsigned = new ReceiptPoster(app.CreateClient(), app.Clock, secret: null);

        using var response = await unsigned.PostAsync(await ReceiptPoster.MessageIdAsync(client, id), "delivered");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("delivered"));
    }

    [Test]
    public async Task RedisDown_Is503_SoVonageRetries()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, ReceiptPoster.Settings(), redisConfiguration: $"127.0.0.1:{LoopbackPorts.Free()}");
        var vonage = new ReceiptPoster(app.CreateClient(), app.Clock);

        using var response = await vonage.PostAsync("0A0000001234567B", "delivered");

        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
    }

    [Test]
    public async Task DeliveredAndApproved_AreCountedByCountryAndPurpose_ForConversion()
    {
        using var telemetry = new TelemetryCapture();
        using var app = new SecureOtpApp(StoreKind.Redis, ReceiptPoster.Settings());
        var client = OtpClient.For(app);
        var vonage = new ReceiptPoster(app.CreateClient(), app.Clock);
        var userId = OtpClient.NewUserId();
        var phone = "+33" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(600_000_000, 699_999_999);
        var id = await client.StartAsync(userId, phone, "signup");

        app.Clock.Advance(TimeSpan.FromSeconds(4));
        using (await vonage.PostAsync(await ReceiptPoster.MessageIdAsync(client, id), "delivered"))
        {
        }

        using (await client.VerifyAsync(id, await client.ReadCodeAsync(id), userId))
        {
        }

        var latency = telemetry.Points.Single(p => p.Instrument == "secureotp.sms.delivery.latency");
        Assert.Multiple(() =>
        {
            Assert.That(HasPoint(telemetry, "secureotp.otp.sent", ("country", "33"), ("purpose", "signup")), Is.True);
            Assert.That(HasPoint(telemetry, "secureotp.otp.approved", ("country", "33"), ("purpose", "signup")), Is.True);
            Assert.That(HasPoint(telemetry, "secureotp.sms.delivery", ("country", "33"), ("status", "delivered"), ("provider", "outbox")), Is.True);
            Assert.That(latency.Tags["country"], Is.EqualTo("33"));
            Assert.That(telemetry.Points.Where(p => p.Instrument.StartsWith("secureotp.", StringComparison.Ordinal))
                .SelectMany(p => p.Tags.Values).Select(v => v?.ToString()), Has.None.Contains(phone[1..]).And.None.Contains(id), "no number or id in a label");
        });
    }

    private static bool HasPoint(TelemetryCapture telemetry, string instrument, params (string Tag, string Value)[] tags) =>
        telemetry.Points.Any(p => p.Instrument == instrument
            && tags.All(t => p.Tags.TryGetValue(t.Tag, out var v) && Equals(v?.ToString(), t.Value)));
}
