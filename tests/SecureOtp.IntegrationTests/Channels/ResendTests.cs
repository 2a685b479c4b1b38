using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Channels;

/// <summary>
/// Issue 24: <c>POST /otp/{id}/resend</c> — "call me instead": the same code, on the channel asked for, with the
/// verification's id, attempts and expiry unchanged; after the resend cooldown; answered as GET answers another tenant's
/// or an unknown id.
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed partial class ResendTests(StoreKind store) : ChannelFixture
{
    private static readonly string[] ChannelField = ["channel"];

    [Test]
    public async Task ResendByVoice_AfterTheCooldown_SpeaksTheSameCode_WhichVerifies()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var (userId, phone) = (OtpClient.NewUserId(), ChannelSendTests.UkPhone());
        var sent = await SendSmsAsync(app, userId, phone);
        var id = sent["verificationId"]!.GetValue<string>();
        var texted = CodePattern().Match((await Fake.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;

        using (var early = await ResendAsync(app, id, "voice"))
        {
            await ProblemAssert.IsProblem(early, HttpStatusCode.TooManyRequests, "resend_too_soon");
            Assert.That(early.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }

        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty, "nothing called before the cooldown");
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        using var resent = await ResendAsync(app, id, "voice");

        Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await resent.Content.ReadAsStringAsync());
        var body = await OtpClient.ReadJson(resent);
        Assert.Multiple(() =>
        {
            Assert.That(body["verificationId"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(body["channel"]!.GetValue<string>(), Is.EqualTo("voice"));
            Assert.That(body["expiresAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(sent["expiresAt"]!.GetValue<DateTimeOffset>()));
            Assert.That(body["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(body.ToJsonString(), Does.Not.Contain(texted), "the answer never carries the code");
        });
        var call = (await Fake.ChannelRequestsAsync("voice", phone[1..])).Single()!;
        Assert.That(FakeVonageServer.SpokenCode(call), Is.EqualTo(texted));
        using var status = await OtpClient.For(app).Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["delivery"]!["channel"]!.GetValue<string>(), Is.EqualTo("voice"), "the new attempt is tracked");

        using var verify = await OtpClient.For(app).VerifyAsync(id, texted, userId);
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ResendByWhatsApp_CarriesTheSameCode()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var (userId, phone) = (OtpClient.NewUserId(), ChannelSendTests.UkPhone());
        var id = (await SendSmsAsync(app, userId, phone))["verificationId"]!.GetValue<string>();
        var texted = CodePattern().Match((await Fake.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        using var resent = await ResendAsync(app, id, "whatsapp");

        Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await resent.Content.ReadAsStringAsync());
        Assert.That(FakeVonageServer.TemplateCode((await Fake.ChannelRequestsAsync("whatsapp", phone[1..])).Single()!), Is.EqualTo(texted));
    }

    [Test]
    public async Task ThePerPhoneLimit_CountsAResend()
    {
        var settings = Keys.ServiceSettings(Fake);
        settings["Limits:SendsPerPhonePerHour"] = "1";
        var (app, id, phone) = await SentByTextAsync(settings);

        using var resent = await ResendAsync(app, id, "voice");

        await ProblemAssert.IsProblem(resent, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    [Test]
    public async Task AnotherTenantsId_IsAnUnknownId_AndCallsNobody()
    {
        var (app, id, phone) = await SentByTextAsync(Keys.ServiceSettings(Fake));

        using var stranger = await ResendAsync(app, id, "voice", TestApiKeys.OtherTenant);

        await ProblemAssert.IsProblem(stranger, HttpStatusCode.NotFound, "verification_not_found");
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    [Test]
    public async Task ACancelledVerification_Is404()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var id = (await SendSmsAsync(app, OtpClient.NewUserId(), ChannelSendTests.UkPhone()))["verificationId"]!.GetValue<string>();
        using (await OtpClient.For(app).Http.DeleteAsync($"/otp/{id}"))
        {
        }

        using var resent = await ResendAsync(app, id, "voice");

        await ProblemAssert.IsProblem(resent, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task ALockedVerification_Is409_AndCallsNobody()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var (userId, phone) = (OtpClient.NewUserId(), ChannelSendTests.UkPhone());
        var id = (await SendSmsAsync(app, userId, phone))["verificationId"]!.GetValue<string>();
        var texted = CodePattern().Match((await Fake.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await OtpClient.For(app).VerifyAsync(id, OtpClient.WrongCode(texted), userId);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        using var resent = await ResendAsync(app, id, "voice");

        await ProblemAssert.IsProblem(resent, HttpStatusCode.Conflict, "verification_not_pending");
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    [Test]
    public async Task AMalformedId_Is400()
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));

        using var resent = await ResendAsync(app, "not-an-id", "voice");

        await ProblemAssert.IsProblem(resent, HttpStatusCode.BadRequest, "validation_failed");
    }

    [TestCase("fax")]
    [TestCase("")]
    [TestCase(null)]
    public async Task AnUnknownChannel_Is400NamingChannel(string? channel)
    {
        var app = Track(new SecureOtpApp(store, Keys.ServiceSettings(Fake)));
        var id = (await SendSmsAsync(app, OtpClient.NewUserId(), ChannelSendTests.UkPhone()))["verificationId"]!.GetValue<string>();

        using var resent = await ResendAsync(app, id, channel);

        var problem = await ProblemAssert.IsProblem(resent, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(ChannelField));
    }

    [Test]
    public async Task ASwitchedOffChannel_Is400NamingChannel_AndCallsNobody()
    {
        var (app, id, phone) = await SentByTextAsync(Fake.ServiceSettings()); // voice and WhatsApp off by default

        using var resent = await ResendAsync(app, id, "voice");

        var problem = await ProblemAssert.IsProblem(resent, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(ChannelField));
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    internal static Task<HttpResponseMessage> ResendAsync(SecureOtpApp app, string id, string? channel, string apiKey = TestApiKeys.Full) =>
        OtpClient.For(app, apiKey).Http.PostAsJsonAsync($"/otp/{id}/resend", new { channel });

    /// <summary>An app, a code sent by text to a new user and number, and the resend cooldown passed.</summary>
    private async Task<(SecureOtpApp App, string Id, string Phone)> SentByTextAsync(Dictionary<string, string?> settings)
    {
        var app = Track(new SecureOtpApp(store, settings));
        var phone = ChannelSendTests.UkPhone();
        var id = (await SendSmsAsync(app, OtpClient.NewUserId(), phone))["verificationId"]!.GetValue<string>();
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        return (app, id, phone);
    }

    private static async Task<JsonNode> SendSmsAsync(SecureOtpApp app, string userId, string phone)
    {
        using var response = await ChannelSendTests.SendAsync(app, userId, phone, ["sms"]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return await OtpClient.ReadJson(response);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    internal static partial Regex CodePattern();
}
