using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Channels;

/// <summary>
/// Issue 24: <c>channels</c> on send — a code spoken by a Vonage voice call or sent as a WhatsApp authentication template,
/// through the real send path on Redis, the fake checking each request's application JWT against the public key.
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class ChannelSendTests(StoreKind store) : ChannelFixture
{
    private static readonly string[] ChannelsField = ["channels"];

    [Test]
    public async Task Voice_CallsTheNumber_SpeaksTheCodeTwice_AndTheCodeVerifies()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var (userId, phone) = (OtpClient.NewUserId(), UkPhone());

        using var response = await SendAsync(app, userId, phone, ["voice", "sms"], locale: "es");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var sent = await OtpClient.ReadJson(response);
        Assert.That(sent["channel"]!.GetValue<string>(), Is.EqualTo("voice"));
        var call = (await Fake.ChannelRequestsAsync("voice", phone[1..])).Single()!;
        var body = call["body"]!;
        Assert.Multiple(() =>
        {
            Assert.That(body["from"]!["number"]!.GetValue<string>(), Is.EqualTo("447700900999"));
            Assert.That(body["ncco"]![0]!["language"]!.GetValue<string>(), Is.EqualTo("es-ES"));
            var eventUrl = new Uri(body["event_url"]![0]!.GetValue<string>());
            Assert.That(eventUrl.GetLeftPart(UriPartial.Path), Is.EqualTo("https://otp.example.com/webhooks/vonage/voice-event"));
            Assert.That(SecureOtp.Api.Otp.Delivery.DeliveryReference.TryParse(
                Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(eventUrl.Query)["ref"].Single(), out _), Is.True, "the call's reference rides in its event_url");
        });
        Assert.That(await Fake.MessagesAsync(phone[1..]), Is.Empty, "no text as well");

        var id = sent["verificationId"]!.GetValue<string>();
        using var verify = await OtpClient.For(app).VerifyAsync(id, FakeVonageServer.SpokenCode(call), userId);
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ConcurrentFirstVoiceSends_OnAFreshProcess_AllGoOutByVoice()
    {
        // The channel's pipeline is built on first use: a burst of first calls once raced Polly's registry into two
        // builds, the second failing on the breaker state the first took, so some calls never went out.
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var sends = Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await SendAsync(app, OtpClient.NewUserId(), UkPhone(), ["voice"]);
            return (response.StatusCode, Channel: response.IsSuccessStatusCode ? (await OtpClient.ReadJson(response))["channel"]!.GetValue<string>() : null);
        });

        var answers = await Task.WhenAll(sends);

        Assert.That(answers, Is.All.EqualTo((HttpStatusCode.Accepted, "voice")));
    }

    [Test]
    public async Task WhatsApp_SendsTheTemplateWithTheCode_AndStatusNamesTheChannel()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var (userId, phone) = (OtpClient.NewUserId(), UkPhone());

        using var response = await SendAsync(app, userId, phone, ["whatsapp"], locale: "en-GB");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await OtpClient.ReadJson(response))["verificationId"]!.GetValue<string>();
        var message = (await Fake.ChannelRequestsAsync("whatsapp", phone[1..])).Single()!;
        var template = message["body"]!["custom"]!["template"]!;
        Assert.That(template["name"]!.GetValue<string>(), Is.EqualTo("secureotp_auth"));
        Assert.That(template["language"]!["code"]!.GetValue<string>(), Is.EqualTo("en_GB"));
        using var status = await OtpClient.For(app).Http.GetAsync($"/otp/{id}");
        var delivery = (await OtpClient.ReadJson(status))["delivery"]!;
        Assert.That((delivery["channel"]!.GetValue<string>(), delivery["provider"]!.GetValue<string>()), Is.EqualTo(("whatsapp", "vonage")));

        using var verify = await OtpClient.For(app).VerifyAsync(id, FakeVonageServer.TemplateCode(message), userId);
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ASwitchedOffChannel_IsSkipped()
    {
        var settings = Keys.ServiceSettings(Fake);
        settings["Delivery:Channels:voice:Enabled"] = "false";
        var app = Track(new SecureOtpApp(store, settings));
        var phone = UkPhone();

        using var response = await SendAsync(app, OtpClient.NewUserId(), phone, ["voice", "sms"]);

        Assert.That((await OtpClient.ReadJson(response))["channel"]!.GetValue<string>(), Is.EqualTo("sms"));
        Assert.That(await Fake.MessagesAsync(phone[1..]), Has.Count.EqualTo(1));
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    [TestCase("fax")]
    [TestCase("sms,sms")]
    [TestCase("")]
    public async Task UnknownRepeatedOrNoChannels_Are400NamingChannels(string channels)
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));

        using var response = await SendAsync(app, OtpClient.NewUserId(), UkPhone(), channels.Split(',', StringSplitOptions.RemoveEmptyEntries));

        await AssertChannelsRefusedAsync(response);
    }

    [Test]
    public async Task OnlySwitchedOffChannels_Is400NamingChannels_AndSendsNothing()
    {
        var app = Track(new SecureOtpApp(store, Fake.ServiceSettings())); // voice and WhatsApp off by default
        var phone = UkPhone();

        using var response = await SendAsync(app, OtpClient.NewUserId(), phone, ["voice", "whatsapp"]);

        await AssertChannelsRefusedAsync(response);
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    [Test]
    public async Task VoiceProviderDown_Is503_AndLeavesNoLiveCode()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        await Fake.FailChannelAsync("voice", 503);
        var (userId, phone) = (OtpClient.NewUserId(), UkPhone());

        using var response = await SendAsync(app, userId, phone, ["voice"]);

        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "sms_unavailable");
    }

    [Test]
    public async Task VoiceProviderDown_FallsBackAtOnce_ToTheNextChannel_WithTheSameCode()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        await Fake.FailChannelAsync("voice", 503);
        var (userId, phone) = (OtpClient.NewUserId(), UkPhone());

        using var response = await SendAsync(app, userId, phone, ["voice", "sms"]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var sent = await OtpClient.ReadJson(response);
        Assert.That(sent["channel"]!.GetValue<string>(), Is.EqualTo("sms"), "the answer names the channel that took the code");
        var text = (await Fake.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>();
        var code = ResendTests.CodePattern().Match(text).Value;
        using var verify = await OtpClient.For(app).VerifyAsync(sent["verificationId"]!.GetValue<string>(), code, userId);
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task AssertChannelsRefusedAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(ChannelsField));
    }

    internal static Task<HttpResponseMessage> SendAsync(SecureOtpApp app, string userId, string phone, string[] channels, string? locale = null) =>
        OtpClient.For(app).Http.PostAsJsonAsync("/otp/send", new { userId, phoneNumber = phone, channels, locale });

    internal static string UkPhone() => "+447700" + RandomNumberGenerator.GetInt32(100_000, 999_999);
}
