using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Channels;

/// <summary>
/// Issue 24, fallback: a delivery that fails (a signed receipt or event says so) moves the verification ONCE to the next
/// untried channel of its list, with the same code; a channel already tried is not tried again; nothing falls back once the
/// verification has ended, nor on a forged event. <c>GET /otp/{id}</c> lists every delivery attempt.
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class FallbackTests(StoreKind store) : ChannelFixture
{
    [Test]
    public async Task AFailedTextReceipt_CallsOnce_WithTheSameCode_WhichVerifies()
    {
        using var capture = new TelemetryCapture();
        var (app, userId, phone, id) = await SendAsync(["sms", "voice"]);
        var text = (await Fake.MessagesAsync(phone[1..])).Single()!;
        var texted = ResendTests.CodePattern().Match(text["text"]!.GetValue<string>()).Value;
        var receipts = new ReceiptPoster(app.CreateClient(), app.Clock);

        using (var failed = await receipts.PostAsync(text, "failed", "6"))
        using (var again = await receipts.PostAsync(text, "failed", "6"))
        {
            Assert.That((failed.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NoContent)));
        }

        var call = (await Fake.ChannelRequestsAsync("voice", phone[1..])).Single()!;
        Assert.That(FakeVonageServer.SpokenCode(call), Is.EqualTo(texted), "the same code, spoken");
        var delivery = await ReceiptPoster.DeliveryAsync(OtpClient.For(app), id);
        Assert.Multiple(() =>
        {
            Assert.That(delivery["channel"]!.GetValue<string>(), Is.EqualTo("voice"), "the top-level fields follow the latest delivery");
            Assert.That(Attempts(delivery), Is.EqualTo("sms vonage failed 6, voice vonage submitted -"));
            Assert.That(string.Join(", ", delivery["attempts"]!.AsArray().Select(a =>
                    $"{a!["channel"]} {a["provider"]} {a["outcome"]} {a["status"]} {a["errorCode"]?.GetValue<string>() ?? "-"} {a["updatedAt"] is not null}")),
                Is.EqualTo("sms vonage sent failed 6 True, voice vonage sent submitted - True"), "delivery.attempts: every attempt, each with its channel");
            Assert.That(Fallbacks(capture), Is.EqualTo("sms>voice failed"));
        });

        using var verify = await OtpClient.For(app).VerifyAsync(id, texted, userId);
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK), "attempts, expiry and id unchanged: the code still verifies");
        Assert.That(string.Join(", ", capture.Points.Where(p => p.Instrument == "secureotp.otp.approved").Select(p => p.Tags["channel"])),
            Is.EqualTo("voice"), "conversion counts the channel that delivered the code typed");
    }

    [Test]
    public async Task ARejectedWhatsAppMessage_FallsBackToText_WithTheSameCode()
    {
        var (app, _, phone, _) = await SendAsync(["whatsapp", "sms"]);
        var message = (await Fake.ChannelRequestsAsync("whatsapp", phone[1..])).Single()!;

        Assert.That(await ChannelEventTests.PostEventAsync(app, ChannelEventTests.MessagePath, await Fake.SignedEventAsync(message["id"]!.GetValue<string>(), "rejected")),
            Is.EqualTo(HttpStatusCode.NoContent));

        var text = (await Fake.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>();
        Assert.That(ResendTests.CodePattern().Match(text).Value, Is.EqualTo(FakeVonageServer.TemplateCode(message)));
    }

    [Test]
    public async Task AChannelAlreadyTried_IsNotTriedAgain()
    {
        using var capture = new TelemetryCapture();
        var (app, _, phone, id) = await SendAsync(["sms", "voice", "whatsapp"]);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        using (var resent = await OtpClient.For(app).Http.PostAsJsonAsync($"/otp/{id}/resend", new { channel = "voice" }))
        {
            Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the user asked for a call: SMS and voice are tried");
        }

        var call = (await Fake.ChannelRequestsAsync("voice", phone[1..])).Single()!;
        Assert.That(await ChannelEventTests.PostEventAsync(app, ChannelEventTests.VoicePath, await Fake.SignedEventAsync(call["id"]!.GetValue<string>(), "busy")),
            Is.EqualTo(HttpStatusCode.NoContent));

        var message = (await Fake.ChannelRequestsAsync("whatsapp", phone[1..])).Single()!;
        Assert.Multiple(async () =>
        {
            Assert.That(await Fake.MessagesAsync(phone[1..]), Has.Count.EqualTo(1), "SMS was tried: not again");
            Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Has.Count.EqualTo(1), "nor voice");
            Assert.That(Attempts(await ReceiptPoster.DeliveryAsync(OtpClient.For(app), id)),
                Is.EqualTo("sms vonage submitted -, voice vonage failed busy, whatsapp vonage submitted -"));
        });

        Assert.That(await ChannelEventTests.PostEventAsync(app, ChannelEventTests.MessagePath, await Fake.SignedEventAsync(message["id"]!.GetValue<string>(), "rejected")),
            Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(capture.HasPoint("secureotp.channel.fallbacks_skipped", "reason", "no_channel_left"), Is.True, "every channel tried");
        Assert.That(await Fake.MessagesAsync(phone[1..]), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AfterTheVerificationEnded_AFailedReceipt_CallsNobody()
    {
        var (app, userId, phone, id) = await SendAsync(["sms", "voice"]);
        var text = (await Fake.MessagesAsync(phone[1..])).Single()!;
        using (var verify = await OtpClient.For(app).VerifyAsync(id, ResendTests.CodePattern().Match(text["text"]!.GetValue<string>()).Value, userId))
        {
            Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (await new ReceiptPoster(app.CreateClient(), app.Clock).PostAsync(text, "failed", "6"))
        {
        }

        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    [TestCase("unsigned")]
    [TestCase("forged")]
    public async Task ABadlySignedFailureEvent_FallsBackToNothing(string how)
    {
        var (app, _, phone, _) = await SendAsync(["voice", "sms"]);
        var call = (await Fake.ChannelRequestsAsync("voice", phone[1..])).Single()!;
        var (body, authorization, query) = await Fake.SignedEventAsync(call["id"]!.GetValue<string>(), "busy");
        authorization = how == "unsigned" ? "" : authorization[..^4] + (authorization.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        using var response = await ChannelEventTests.PostAsync(app, ChannelEventTests.VoicePath + query, body, authorization);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Fake.MessagesAsync(phone[1..]), Is.Empty, "no text: the forged failure changed nothing");
    }

    [Test]
    public async Task ThePerPhoneLimit_RefusesTheFallback()
    {
        var settings = Settings();
        settings["Limits:SendsPerPhonePerHour"] = "1";
        var app = Track(new SecureOtpApp(store, settings));
        var phone = ChannelSendTests.UkPhone();
        using (var sent = await ChannelSendTests.SendAsync(app, OtpClient.NewUserId(), phone, ["sms", "voice"]))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        using var capture = new TelemetryCapture();
        var text = (await Fake.MessagesAsync(phone[1..])).Single()!;
        using (await new ReceiptPoster(app.CreateClient(), app.Clock).PostAsync(text, "failed", "6"))
        {
        }

        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
        Assert.That(capture.HasPoint("secureotp.channel.fallbacks_skipped", "reason", "phone_limit"), Is.True);
    }

    /// <summary>The channel settings, and signed SMS receipts.</summary>
    private Dictionary<string, string?> Settings() => WithSignedReceipts(Keys.ServiceSettings(Fake));

    internal static Dictionary<string, string?> WithSignedReceipts(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in ReceiptPoster.Settings())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary><c>delivery.channelAttempts</c>, one "channel provider status errorCode" each, comma-separated.</summary>
    internal static string Attempts(JsonObject delivery) =>
        string.Join(", ", delivery["channelAttempts"]!.AsArray().Select(a =>
            $"{a!["channel"]} {a["provider"]} {a["status"]} {a["errorCode"]?.GetValue<string>() ?? "-"}"));

    /// <summary>The <c>secureotp.channel.fallbacks</c> points, one "from>to reason" each, comma-separated.</summary>
    internal static string Fallbacks(TelemetryCapture capture) =>
        string.Join(", ", capture.Points.Where(p => p.Instrument == "secureotp.channel.fallbacks").Select(p => $"{p.Tags["from"]}>{p.Tags["to"]} {p.Tags["reason"]}"));

    private async Task<(SecureOtpApp App, string UserId, string Phone, string Id)> SendAsync(string[] channels)
    {
        var app = Track(new SecureOtpApp(store, Settings()));
        var (userId, phone) = (OtpClient.NewUserId(), ChannelSendTests.UkPhone());
        using var response = await ChannelSendTests.SendAsync(app, userId, phone, channels);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (app, userId, phone, (await OtpClient.ReadJson(response))["verificationId"]!.GetValue<string>());
    }
}
