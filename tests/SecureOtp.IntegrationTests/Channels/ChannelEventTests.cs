using System.Net;
using System.Text;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Channels;

/// <summary>
/// Issue 24: Vonage's signed voice events and message statuses move a call's or a WhatsApp message's delivery state; a
/// forged, unsigned, stale or body-tampered event is 401 and changes nothing. Events are signed by the fake (HS256 with
/// <c>payload_hash</c>) and posted to the service as Vonage would.
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class ChannelEventTests(StoreKind store) : ChannelFixture
{
    internal const string VoicePath = "/webhooks/vonage/voice-event";
    internal const string MessagePath = "/webhooks/vonage/message-status";

    [Test]
    public async Task AnsweredThenCompletedCall_IsDelivered()
    {
        var (app, id, callId) = await StartAsync("voice");

        Assert.That(await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, "answered")), Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, "completed")), Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That(await DeliveryAsync(app, id), Is.EqualTo(("delivered", null as string)));
    }

    [Test]
    public async Task AnsweredThenCompletedCall_IsCountedOnceAsDelivered_OnTheVoiceChannel()
    {
        using var capture = new TelemetryCapture();
        var (app, _, callId) = await StartAsync("voice");

        await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, "answered"));
        await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, "completed"));

        var settled = capture.Points.Where(p => p.Instrument == "secureotp.sms.delivery").Select(p => (p.Tags["status"], p.Tags["channel"])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(settled, Is.EqualTo(new[] { ((object?)"delivered", (object?)"voice") }), "the answer is not the call's outcome");
            Assert.That(capture.HasPoint("secureotp.otp.sent", "channel", "voice"), Is.True);
        });
    }

    [Test]
    public async Task CompletedWithoutAnswer_IsNotDelivered()
    {
        var (app, id, callId) = await StartAsync("voice");

        await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, "completed"));

        Assert.That((await DeliveryAsync(app, id)).Status, Is.EqualTo("submitted"));
    }

    [TestCase("busy")]
    [TestCase("unanswered")]
    [TestCase("rejected")]
    public async Task UnansweredCall_IsFailed_NamingWhy(string status)
    {
        var (app, id, callId) = await StartAsync("voice");

        await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, status));

        Assert.That(await DeliveryAsync(app, id), Is.EqualTo(("failed", status)));
    }

    [TestCase("read", "delivered")]
    [TestCase("delivered", "delivered")]
    [TestCase("undeliverable", "failed")]
    [TestCase("rejected", "failed")]
    public async Task WhatsAppStatus_MovesTheMessage(string status, string expected)
    {
        var (app, id, messageId) = await StartAsync("whatsapp");

        Assert.That(await PostEventAsync(app, MessagePath, await Fake.SignedEventAsync(messageId, status)), Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await DeliveryAsync(app, id)).Status, Is.EqualTo(expected));
    }

    [TestCase("unsigned")]
    [TestCase("forged")]
    [TestCase("stale")]
    [TestCase("tampered")]
    public async Task ABadlySignedEvent_Is401_AndChangesNothing(string how)
    {
        var (app, id, callId) = await StartAsync("voice");
        await PostEventAsync(app, VoicePath, await Fake.SignedEventAsync(callId, "answered"));
        var (body, authorization, query) = how switch
        {
            "stale" => await Fake.SignedEventAsync(callId, "completed", issuedAt: app.Clock.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds()),
            "tampered" => await Fake.SignedEventAsync(callId, "busy", tamper: true), // signed "busy", sent "completed"
            _ => await Fake.SignedEventAsync(callId, "completed"),
        };
        authorization = how switch
        {
            "unsigned" => "",
            "forged" => authorization[..^4] + (authorization.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            _ => authorization,
        };

        using var response = await PostAsync(app, VoicePath + query, body, authorization);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, how == "stale" ? "stale_timestamp" : "invalid_signature");
        Assert.That((await DeliveryAsync(app, id)).Status, Is.EqualTo("unknown"), "still only answered");
    }

    [Test]
    public async Task ASignedCallEvent_SentWithAnotherCallsReference_ChangesNeitherCall()
    {
        var (app, id, callId) = await StartAsync("voice");
        var otherPhone = ChannelSendTests.UkPhone();
        string otherId;
        using (var other = await ChannelSendTests.SendAsync(app, OtpClient.NewUserId(), otherPhone, ["voice"]))
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            otherId = (await OtpClient.ReadJson(other))["verificationId"]!.GetValue<string>();
        }

        var otherCall = (await Fake.ChannelRequestsAsync("voice", otherPhone[1..])).Single()!["id"]!.GetValue<string>();
        var mine = await Fake.SignedEventAsync(callId, "busy");
        var theirs = await Fake.SignedEventAsync(otherCall, "busy");
        Assert.That(mine.Query, Does.StartWith("?ref="), "the call's reference rides in its event_url");

        // My call's signed event, posted to the other call's event URL: the reference is outside the signature.
        Assert.That(await PostEventAsync(app, VoicePath, mine with { Query = theirs.Query }), Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await DeliveryAsync(app, id)).Status, Is.EqualTo("submitted"));
        Assert.That((await DeliveryAsync(app, otherId)).Status, Is.EqualTo("submitted"), "the call uuid must match the reference");
        Assert.That(await PostEventAsync(app, VoicePath, theirs), Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await DeliveryAsync(app, otherId)).Status, Is.EqualTo("failed"), "its own event, to its own URL, applies");
    }

    [TestCase("?ref=not-a-reference")]
    [TestCase("?ref=")]
    [TestCase("?ref=a&ref=b")]
    public async Task ACallEventWithAMalformedReference_ChangesNothing_AndIsNot5xx(string query)
    {
        var (app, id, callId) = await StartAsync("voice");
        var signed = await Fake.SignedEventAsync(callId, "busy");

        var status = await PostEventAsync(app, VoicePath, signed with { Query = query });

        Assert.That((int)status, Is.LessThan(500));
        Assert.That((await DeliveryAsync(app, id)).Status, Is.EqualTo("submitted"));
    }

    private async Task<(SecureOtpApp App, string VerificationId, string ProviderId)> StartAsync(string channel)
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var phone = ChannelSendTests.UkPhone();
        using var response = await ChannelSendTests.SendAsync(app, OtpClient.NewUserId(), phone, [channel]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await OtpClient.ReadJson(response))["verificationId"]!.GetValue<string>();
        var recorded = (await Fake.ChannelRequestsAsync(channel, phone[1..])).Single()!;
        return (app, id, recorded["id"]!.GetValue<string>());
    }

    private static async Task<(string Status, string? ErrorCode)> DeliveryAsync(SecureOtpApp app, string id)
    {
        using var status = await OtpClient.For(app).Http.GetAsync($"/otp/{id}");
        var delivery = (await OtpClient.ReadJson(status))["delivery"]!;
        return (delivery["status"]!.GetValue<string>(), delivery["errorCode"]?.GetValue<string>());
    }

    internal static async Task<HttpStatusCode> PostEventAsync(SecureOtpApp app, string path, (string Body, string Authorization, string Query) signed)
    {
        using var response = await PostAsync(app, path + signed.Query, signed.Body, signed.Authorization);
        return response.StatusCode;
    }

    internal static async Task<HttpResponseMessage> PostAsync(SecureOtpApp app, string path, string body, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await app.CreateClient().SendAsync(request);
    }
}
