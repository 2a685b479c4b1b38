using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Risk;

/// <summary>
/// SMS pumping, measured at the provider: a run of 1,000 sends to sequential numbers gets no more texts out than the
/// configured budgets; geo permissions (countries, prefixes, number types) refuse a destination before anything is
/// stored or sent.
/// </summary>
public sealed class PumpingAndGeoTests
{
    private FakeVonageServer vonage = null!;

    [OneTimeSetUp]
    public void StartFake() => vonage = FakeVonageServer.Start();

    [OneTimeTearDown]
    public void StopFake() => vonage.Dispose();

    [SetUp]
    public Task ResetFake() => vonage.ResetAsync();

    [Test]
    public async Task ThousandSendsToSequentialNumbersUnderOnePrefix_ReachTheProviderNoMoreThanTheBrakeAllows()
    {
        // One tenant stands for all here: the global brake alone (TenantShareTests has the shares).
        using var app = vonage.App(("Limits:DistinctNumbersPerPrefix", "10"), ("Limits:DistinctNumbersPerPrefixPerTenant", "0"));
        var client = OtpClient.For(app);

        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1_000; i++)
        {
            // Every request looks different: new user, new number in the same block, new client IP.
            using var response = await client.SendAsync(OtpClient.NewUserId(), $"+3361234{i:D4}", clientIp: $"203.0.{i / 250}.{i % 250}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        var texts = await vonage.RequestsAsync();
        TestContext.Out.WriteLine($"1000 sends → {texts} provider requests; statuses: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
        Assert.That(texts, Is.EqualTo(10), "the prefix brake admits 10 distinct numbers per block per window");
        Assert.That(statuses[HttpStatusCode.TooManyRequests], Is.EqualTo(990));
    }

    [Test]
    public async Task ThousandSendsSpreadOverNumberBlocks_AreHeldToTheCountryBudget()
    {
        using var app = vonage.App(("Limits:SendsPerCountryPerMinute", "25"), ("Limits:CountryBudgets:44", "5"),
            ("Limits:SendsPerCountryPerMinutePerTenant", "0"));
        var client = OtpClient.For(app);

        for (var i = 0; i < 1_000; i++)
        {
            using (await client.SendAsync(OtpClient.NewUserId(), $"+336{i:D4}1234"))
            {
            }
        }

        Assert.That(await vonage.RequestsAsync(), Is.EqualTo(25), "France's budget is the default 25 a minute");
        for (var i = 0; i < 20; i++)
        {
            using (await client.SendAsync(OtpClient.NewUserId(), $"+4477{i:D2}900123"))
            {
            }
        }

        Assert.That(await vonage.RequestsAsync(), Is.EqualTo(30), "the UK's own budget of 5");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var nextMinute = await client.SendAsync(OtpClient.NewUserId(), "+33699991234");
        Assert.That(nextMinute.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a new minute, a new budget");
    }

    [TestCase("+12025550123", HttpStatusCode.Forbidden)]
    [TestCase("+447700900123", HttpStatusCode.Accepted)]
    [TestCase("+447090900123", HttpStatusCode.Forbidden)]
    [TestCase("+33612345678", HttpStatusCode.Accepted)]
    [TestCase("+8816123456789", HttpStatusCode.Forbidden)]
    public async Task GeoPermissions_RefuseBeforeAnythingIsStoredOrSent(string phone, HttpStatusCode expected)
    {
        using var app = vonage.App(("Risk:AllowedCountryCodes:0", "44"), ("Risk:AllowedCountryCodes:1", "33"), ("Risk:AllowedCountryCodes:2", "881"),
            ("Risk:DeniedPrefixes:0", "+4470"), ("Risk:DeniedPrefixes:1", "+881"));

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.Forbidden)
        {
            await AssertRefusedBeforeAnythingIsStoredOrSent(app, response);
        }
    }

    [TestCase("+449090123456", "PremiumRate")] // UK 0909
    [TestCase("+19002345678", "PremiumRate")] // US 900
    [TestCase("+34901123456", "SharedCost")] // Spain 901
    [TestCase("+447012345678", "PersonalNumber")] // UK 070
    public async Task DefaultDeniedNumberTypes_RefuseBeforeAnythingIsStoredOrSent(string phone, string type)
    {
        using var app = vonage.App();

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        await AssertRefusedBeforeAnythingIsStoredOrSent(app, response);
        Assert.That(app.LogText(), Does.Contain($"result=refused reason=destination_not_allowed rule=DeniedNumberTypes type={type}"));
        Assert.That(app.LogText(), Does.Not.Contain(phone[1..]), "the audit line masks the number");
    }

    [TestCase("+445612345678")] // UK VoIP: allowed unless configured
    [TestCase("+447400123456")] // UK mobile
    [TestCase("+447700900123")] // fictitious UK drama range
    [TestCase("+15555550100")] // fictitious NANP 555-01xx
    public async Task DefaultDeniedNumberTypes_LetOtherNumbersThrough(string phone)
    {
        using var app = vonage.App();

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await vonage.RequestsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task DeniedNumberTypes_ConfiguredWithVoipOnly_RefusesVoipAndNoLongerPremiumRate()
    {
        using var app = vonage.App(("Risk:DeniedNumberTypes:0", "voip"));
        var client = OtpClient.For(app);

        using var voip = await client.SendAsync(OtpClient.NewUserId(), "+445612345678");
        await AssertRefusedBeforeAnythingIsStoredOrSent(app, voip);
        using var premium = await client.SendAsync(OtpClient.NewUserId(), "+449090123456");
        Assert.That(premium.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task DeniedNumberTypes_OneBlankEntry_TurnsTheCheckOff()
    {
        using var app = vonage.App(("Risk:DeniedNumberTypes:0", ""));

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), "+449090123456");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    private async Task AssertRefusedBeforeAnythingIsStoredOrSent(SecureOtpApp app, HttpResponseMessage response)
    {
        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "destination_not_allowed");
        Assert.That(await vonage.RequestsAsync(), Is.Zero);
        using var redis = RedisSetUp.Server.Connect();
        Assert.That(redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: app.KeyPrefix + "*"), Is.Empty);
    }
}
