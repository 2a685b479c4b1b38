using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Twilio;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>
/// <c>POST /webhooks/twilio/message-status</c> on real Redis (standalone and cluster) and real Kestrel. Each test sends
/// through the Twilio adapter by hand (to the fake Twilio, which posts signed callbacks to the service) and registers the
/// text for a verification as the send path does, so each forgery case controls its own text (sends routed through Twilio
/// end to end are Routing/FailoverTests); then only validly signed callbacks move <c>GET /otp/{id}</c>.
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TwilioReceiptTests(StoreKind store)
{
    private FakeVonageServer fake = null!;
    private SecureOtpApp app = null!;
    private OtpClient client = null!;
    private string callbackUrl = null!;

    [OneTimeSetUp]
    public void Start()
    {
        fake = FakeVonageServer.Start();
        var port = LoopbackPorts.Free();
        callbackUrl = $"http://127.0.0.1:{port}{TwilioCallbackPoster.Path}";
        app = new SecureOtpApp(store, new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = FakeVonageServer.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = FakeVonageServer.TwilioAuthToken,
            ["Sms:Twilio:From"] = "+15005550006",
            ["Sms:Twilio:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Sms:Twilio:StatusCallbackUrl"] = callbackUrl,
            ["Sms:Resilience:AttemptTimeout"] = "00:00:10",
            ["Sms:Resilience:TotalTimeout"] = "00:00:15",
        });
        app.UseKestrel(port);
        app.StartServer();
        client = OtpClient.For(app);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        app.Dispose();
        fake.Dispose();
    }

    [SetUp]
    public Task ResetFake() => fake.ResetAsync();

    private static string NewUkPhone() => "+447700" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(100_000, 999_999);

    [Test]
    public async Task FakeTwilioSignedCallbacks_MoveTheDeliveryStatus()
    {
        var phone = NewUkPhone();
        var id = await client.StartAsync(OtpClient.NewUserId(), phone);
        // Time to register the text before the fake's callbacks arrive.
        await fake.SetTwilioOutcomeAsync(new { callingCode = "44", status = "undelivered", errorCode = "30003", delayMs = 300 });

        Assert.That(VerificationId.TryParse(id, out var verification), Is.True);
        var reference = DeliveryReference.New(verification);
        var sent = (ProviderSendResult.Sent)await app.Services.GetRequiredService<TwilioSmsSender>()
            .TrySendAsync(new SmsMessage(phone, "123456 is your code", reference.Text), CancellationToken.None);
        await TwilioCallbackPoster.TrackAsync(app, id, sent.MessageIds[0], reference: reference);

        var waited = Stopwatch.StartNew();
        while (await ReceiptPoster.StatusAsync(client, id) == "submitted" && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(25);
        }

        var delivery = await ReceiptPoster.DeliveryAsync(client, id);
        Assert.That(delivery["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(delivery["errorCode"]!.GetValue<string>(), Is.EqualTo("30003"));
        var posted = await fake.TwilioCallbacksAsync(phone);
        Assert.That(posted.Select(p => p!["httpStatus"]!.GetValue<int>()), Is.All.EqualTo(204), "the service accepted the fake's signatures");
    }

    [Test]
    public async Task ForgedTamperedReplayedOrUnsignedCallbacks_Are401_AndChangeNothing()
    {
        var id = await client.StartAsync(OtpClient.NewUserId(), NewUkPhone());
        var sid = TwilioCallbackPoster.NewSid();
        await TwilioCallbackPoster.TrackAsync(app, id, sid);
        var failed = TwilioCallbackPoster.Callback(sid, "failed", "30003");
        var signedSent = TwilioCallbackPoster.Callback(sid, "sent");
        var sentSignature = TwilioCallbackPoster.Sign(callbackUrl, signedSent);
        using (var genuine = await TwilioCallbackPoster.PostAsync(client.Http, signedSent, sentSignature))
        {
            Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var attacks = new (string Name, Dictionary<string, string> Form, string? Signature)[]
        {
            ("unsigned", failed, null),
            ("empty signature", failed, ""),
            ("forged with another auth token", failed, TwilioCallbackPoster.Sign(callbackUrl, failed, "not-the-auth-token")),
            ("signed over another URL", failed, TwilioCallbackPoster.Sign("http://127.0.0.1:1/webhooks/twilio/message-status", failed)),
            ("tampered: the sent callback's signature on a failed status", failed, sentSignature),
            ("replayed with a field added", new(signedSent) { ["ErrorCode"] = "30003" }, sentSignature),
            ("replayed with another sid", new(signedSent) { ["MessageSid"] = TwilioCallbackPoster.NewSid() }, sentSignature),
        };
        foreach (var (name, form, signature) in attacks)
        {
            using var response = await TwilioCallbackPoster.PostAsync(client.Http, form, signature);
            await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_signature");
            Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"), name);
        }

        using (var replayed = await TwilioCallbackPoster.PostAsync(client.Http, signedSent, sentSignature))
        {
            Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "an exact replay is a repeat");
        }

        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
        using var delivered = await TwilioCallbackPoster.PostAsync(client.Http, TwilioCallbackPoster.Callback(sid, "delivered"),
            TwilioCallbackPoster.Sign(callbackUrl, TwilioCallbackPoster.Callback(sid, "delivered")));
        Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("delivered"));
    }

    [Test]
    public async Task VonageReceiptNamingATwilioSid_FindsNothing()
    {
        var id = await client.StartAsync(OtpClient.NewUserId(), NewUkPhone());
        var sid = TwilioCallbackPoster.NewSid();
        await TwilioCallbackPoster.TrackAsync(app, id, sid);

        // Development takes unsigned Vonage receipts: only the namespaces keep this one from the Twilio text.
        using var response = await new ReceiptPoster(client.Http, app.Clock, secret: null).PostAsync(sid, "failed", "1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
    }
}
