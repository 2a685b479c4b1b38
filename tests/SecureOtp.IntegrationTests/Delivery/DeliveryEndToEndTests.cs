using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>
/// The whole loop on real Redis and real Kestrel: the service texts through the fake Vonage server asking for receipts at
/// its own webhook (<c>callback</c>), the fake posts a signed receipt per part (sha256hmac here) with the status and error
/// set for the number, and the service shows and counts it.
/// </summary>
public sealed class DeliveryEndToEndTests
{
    private const string Method = "sha256hmac";
    private static readonly TimeSpan ReceiptWithin = TimeSpan.FromSeconds(20);

    private FakeVonageServer vonage = null!;

    [OneTimeSetUp]
    public void StartFake() => vonage = FakeVonageServer.Start(
        $"--FakeVonage:Receipts:SignatureSecret={ReceiptPoster.Secret}", $"--FakeVonage:Receipts:SignatureMethod={Method}",
        "--FakeVonage:Receipts:DelayMs=20");

    [OneTimeTearDown]
    public void StopFake() => vonage.Dispose();

    [SetUp]
    public Task ResetFake() => vonage.ResetAsync();

    [Test]
    public async Task DeliveredText_IsShownDelivered_AndCountedByCountry()
    {
        using var telemetry = new TelemetryCapture();
        using var app = StartApp();
        var client = OtpClient.For(app);
        var phone = "+44" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000_000, int.MaxValue);

        var id = await client.StartAsync(OtpClient.NewUserId(), phone);

        Assert.That(await SettledAsync(client, id), Is.EqualTo("delivered"));
        // The status turns "delivered" when the store records the receipt; the receipt's metrics are recorded just after,
        // while the fake may still be waiting for its answer: wait (bounded) for the last of them.
        for (var i = 0; i < 50 && !Point(telemetry, "secureotp.sms.receipts", ("result", "applied")); i++)
        {
            await Task.Delay(100);
        }

        var posted = await vonage.ReceiptsAsync(phone[1..]);
        Assert.Multiple(() =>
        {
            Assert.That(posted.Select(r => r!["httpStatus"]!.GetValue<int>()), Is.All.EqualTo(204), "the service accepted the fake's signature");
            Assert.That(Point(telemetry, "secureotp.sms.delivery", ("status", "delivered"), ("country", "44"), ("provider", "vonage")), Is.True);
            Assert.That(Point(telemetry, "secureotp.sms.delivery.latency", ("country", "44")), Is.True);
            Assert.That(Point(telemetry, "secureotp.otp.sent", ("country", "44"), ("purpose", "login")), Is.True);
            Assert.That(Point(telemetry, "secureotp.sms.receipts", ("result", "applied")), Is.True);
        });
    }

    [TestCase("failed", "6", "form")]
    [TestCase("rejected", "4", "json")]
    [TestCase("expired", "5", "get")]
    public async Task UndeliveredText_ShowsWhy_AndMayBeResentAtOnce(string status, string errCode, string format)
    {
        using var app = StartApp();
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        var userId = OtpClient.NewUserId();
        await vonage.SetReceiptAsync(new { to = phone[1..], status, errCode, format });

        var id = await client.StartAsync(userId, phone);

        Assert.That(await SettledAsync(client, id), Is.EqualTo(status));
        var delivery = await ReceiptPoster.DeliveryAsync(client, id);
        Assert.That(delivery["errorCode"]!.GetValue<string>(), Is.EqualTo(errCode));
        using var resend = await client.SendAsync(userId, phone);
        Assert.That(resend.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the cooldown was lifted: " + await resend.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task MultiPartText_IsDelivered_OnceEveryPartIs()
    {
        // Over 160 GSM-7 characters: Vonage bills (and reports) it as two parts.
        using var app = StartApp(("Sms:Templates:en", "{code} " + new string('x', 180) + " {brand}"));
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();

        var id = await client.StartAsync(OtpClient.NewUserId(), phone);

        Assert.That(await SettledAsync(client, id), Is.EqualTo("delivered"));
        Assert.That(await vonage.ReceiptsAsync(phone[1..]), Has.Count.EqualTo(2), "one receipt per part");
    }

    [Test]
    public async Task MultiPartText_OnePartFailing_FailsTheText()
    {
        using var app = StartApp(("Sms:Templates:en", "{code} " + new string('x', 180) + " {brand}"));
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        await vonage.SetReceiptAsync(new { to = phone[1..], status = "failed", errCode = "1" });

        var id = await client.StartAsync(OtpClient.NewUserId(), phone);

        Assert.That(await SettledAsync(client, id), Is.EqualTo("failed"));
    }

    [Test]
    public async Task CarrierThatNeverReports_LeavesTheTextSubmitted()
    {
        using var app = StartApp();
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        await vonage.SetReceiptAsync(new { to = phone[1..], send = false });

        var id = await client.StartAsync(OtpClient.NewUserId(), phone);
        await Task.Delay(300);

        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
    }

    /// <summary>The service on Redis and real Kestrel on a free port, telling Vonage to post receipts to that port.</summary>
    private SecureOtpApp StartApp(params (string Key, string Value)[] overrides)
    {
        var port = LoopbackPorts.Free();
        var settings = vonage.ServiceSettings();
        foreach (var (key, value) in ReceiptPoster.Settings(Method))
        {
            settings[key] = value;
        }

        settings["Sms:Vonage:DeliveryReceiptUrl"] = $"http://127.0.0.1:{port}{DeliveryReceiptApi.Path}";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var app = new SecureOtpApp(StoreKind.Redis, settings);
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    /// <summary>Polls <c>GET /otp/{id}</c> until the text is no longer "submitted" (the fake posts after a short delay).</summary>
    private static async Task<string> SettledAsync(OtpClient client, string id)
    {
        var waited = Stopwatch.StartNew();
        string status;
        while ((status = await ReceiptPoster.StatusAsync(client, id)) == "submitted" && waited.Elapsed < ReceiptWithin)
        {
            await Task.Delay(25);
        }

        return status;
    }

    private static bool Point(TelemetryCapture telemetry, string instrument, params (string Tag, string Value)[] tags) =>
        telemetry.Points.Any(p => p.Instrument == instrument
            && tags.All(t => p.Tags.TryGetValue(t.Tag, out var v) && Equals(v?.ToString(), t.Value)));
}
