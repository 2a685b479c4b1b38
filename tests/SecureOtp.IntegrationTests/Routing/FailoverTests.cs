using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Routing;

/// <summary>
/// Issue 23, item 3: a send walks its route (Sms:Routes) and tries the next provider only when the current one certainly
/// sent nothing — through the service's real send path on Redis, with the fake provider speaking both Vonage and Twilio.
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class FailoverTests(StoreKind store)
{
    private static readonly string[] VonageRefusedThenTwilio = ["vonage not_sent vonage_status_29", "twilio sent sent"];

    private FakeVonageServer fake = null!;

    [OneTimeSetUp]
    public void StartFake() => fake = FakeVonageServer.Start();

    [OneTimeTearDown]
    public void StopFake() => fake.Dispose();

    [SetUp]
    public Task Reset() => fake.ResetAsync();

    [Test]
    public async Task VonageDown_SendsGoThroughTwilio_WithOneTextEach()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:Default:1", "twilio"));
        await fake.FailAsync(new { kind = "http", httpStatus = 503 });
        var phones = Enumerable.Range(0, 3).Select(_ => UkPhone()).ToList();

        foreach (var phone in phones)
        {
            await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), phone);
        }

        foreach (var phone in phones)
        {
            Assert.That(await fake.TwilioMessagesAsync(phone), Has.Count.EqualTo(1), "one text each, through Twilio");
            Assert.That(await fake.MessagesAsync(phone[1..]), Is.Empty, "Vonage took nothing");
        }
    }

    [Test]
    public async Task VonageRefusingOneCountrysRoute_ThatCountryGoesThroughTwilio_OthersStayOnVonage()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:Default:1", "twilio"));
        var french = FrenchPhone();
        var british = UkPhone();
        await fake.FailAsync(new { to = french[1..], kind = "status", status = "29" }); // not whitelisted: Vonage's route refusal

        var frenchId = await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), french);
        var britishId = await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), british);

        Assert.That(await fake.TwilioMessagesAsync(french), Has.Count.EqualTo(1));
        Assert.That(await fake.RequestsAsync(french[1..]), Is.EqualTo(1), "Vonage was asked once, not retried");
        Assert.That(await DeliveryAsync(app, frenchId), Is.EqualTo(("sms", "twilio")), "the status names the provider that took it");
        Assert.That(await DeliveryAsync(app, britishId), Is.EqualTo(("sms", "vonage")));
        Assert.That(await AttemptsAsync(app, frenchId), Is.EqualTo(VonageRefusedThenTwilio),
            "each provider tried, in order, with why");
        Assert.That(await fake.MessagesAsync(british[1..]), Has.Count.EqualTo(1));
        Assert.That(await fake.TwilioRequestsAsync(british), Is.Zero);
    }

    [Test]
    public async Task ACountryRoute_SendsThatCountryThroughItsOwnProvider()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:33:0", "twilio"));
        var french = FrenchPhone();
        var british = UkPhone();

        await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), french);
        await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), british);

        Assert.That(await fake.TwilioMessagesAsync(french), Has.Count.EqualTo(1));
        Assert.That(await fake.RequestsAsync(french[1..]), Is.Zero);
        Assert.That(await fake.MessagesAsync(british[1..]), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AnUnknownOutcome_DoesNotTextTwice_ByDefault()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:Default:1", "twilio"));
        var phone = UkPhone();
        await fake.FailAsync(new { to = phone[1..], kind = "http", httpStatus = 500 }); // Vonage may have taken it

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "sms_unavailable");
        Assert.That(await fake.TwilioRequestsAsync(phone), Is.Zero, "no second provider for an unknown outcome");
    }

    [Test]
    public async Task AnUnknownOutcome_FailsOver_WhenTheOperatorAcceptsDuplicates()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:Default:1", "twilio"), ("Sms:FailoverOnUnknownOutcome", "true"));
        var phone = UkPhone();
        await fake.FailAsync(new { to = phone[1..], kind = "http", httpStatus = 500 });

        await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), phone);

        Assert.That(await fake.TwilioMessagesAsync(phone), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ANumberLevelRefusal_DoesNotFailOver()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:Default:1", "twilio"));
        var phone = UkPhone();
        await fake.FailAsync(new { to = phone[1..], kind = "status", status = "7" }); // the number is barred

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnprocessableEntity, "destination_unreachable");
        Assert.That(await fake.TwilioRequestsAsync(phone), Is.Zero);
    }

    [Test]
    public async Task EveryProviderFailing_Is503_AndLeavesNoLiveCode()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:Default:1", "twilio"));
        var phone = UkPhone();
        await fake.FailAsync(new { to = phone[1..], kind = "status", status = "29" });
        await fake.FailTwilioAsync(new { callingCode = "44", kind = "error", code = 21612, httpStatus = 400 }); // cannot route

        var userId = OtpClient.NewUserId();
        using var response = await OtpClient.For(app).SendAsync(userId, phone);

        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "sms_unavailable");
        await fake.ResetAsync();
        await OtpClient.For(app).StartAsync(userId, phone); // at once: the failed send cost the user no cooldown
    }

    [Test]
    public async Task ATwilioOnlyRoute_NeverCallsVonage()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "twilio"));
        var phone = UkPhone();

        await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), phone);

        Assert.That(await fake.TwilioMessagesAsync(phone), Has.Count.EqualTo(1));
        Assert.That(await fake.RequestsAsync(phone[1..]), Is.Zero);
    }

    [Test]
    public async Task EachProvidersBreaker_IsReportedUnderItsName_ByTheCircuitStateGauge()
    {
        using var app = RoutedApp(("Sms:Routes:Default:0", "vonage"), ("Sms:Routes:44:0", "twilio"));
        await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), FrenchPhone()); // builds Vonage's pipeline: closed
        await fake.FailTwilioAsync(new { kind = "http", httpStatus = 503 });
        for (var i = 0; i < 4; i++)
        {
            using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), UkPhone());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        Assert.That(CircuitStates(), Is.EqualTo(new Dictionary<string, int> { ["twilio"] = 1, ["vonage"] = 0 }),
            "Twilio's breaker opened after 4 failed sends; Vonage's stayed closed");
    }

    /// <summary>What <c>secureotp.sms.circuit_state</c> reports now, by its <c>provider</c> label.</summary>
    private static Dictionary<string, int> CircuitStates()
    {
        var states = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "secureotp.sms.circuit_state", Meter.Name: "SecureOtp" })
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "provider")
                {
                    states[(string)tag.Value!] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return states;
    }

    private static async Task<(string? Channel, string? Provider)> DeliveryAsync(SecureOtpApp app, string id)
    {
        using var status = await OtpClient.For(app).Http.GetAsync($"/otp/{id}");
        var delivery = (await OtpClient.ReadJson(status))["delivery"]!;
        return (delivery["channel"]?.GetValue<string>(), delivery["provider"]?.GetValue<string>());
    }

    private static async Task<string[]> AttemptsAsync(SecureOtpApp app, string id)
    {
        using var status = await OtpClient.For(app).Http.GetAsync($"/otp/{id}");
        var attempts = (await OtpClient.ReadJson(status))["delivery"]!["attempts"]!.AsArray();
        return [.. attempts.Select(a => $"{a!["provider"]} {a["outcome"]} {a["reason"]}")];
    }

    private SecureOtpApp RoutedApp(params (string Key, string Value)[] routes)
    {
        var settings = fake.ServiceSettings();
        foreach (var (key, value) in (ReadOnlySpan<(string, string)>)
                 [
                     ("Sms:Twilio:AccountSid", FakeVonageServer.TwilioAccountSid),
                     ("Sms:Twilio:AuthToken", FakeVonageServer.TwilioAuthToken),
                     ("Sms:Twilio:From", "+15005550006"),
                     ("Sms:Twilio:BaseUrl", fake.BaseUrl.ToString()),
                     .. routes,
                 ])
        {
            settings[key] = value;
        }

        return new SecureOtpApp(store, settings);
    }

    /// <summary>A fictitious UK mobile (Ofcom's drama range), each in its own number block.</summary>
    private static string UkPhone() => "+447700" + RandomNumberGenerator.GetInt32(100_000, 999_999);

    private static string FrenchPhone() => "+336" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999);
}
