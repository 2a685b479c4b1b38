using System.Globalization;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.TestNumbers;

/// <summary>
/// Issue 25, part 1: <c>TestNumbers:&lt;tenant&gt;:N:Number|Code|ValidUntil</c>. A send to a tenant's test number answers
/// like any send but never reaches the provider (here the fake Vonage server, which counts what it gets) and takes the
/// configured code, under the usual attempts, lock and tenancy; the per-number limit still holds, the pumping brakes leave
/// it out. Real Redis, standalone and cluster; each test gets a fresh service.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TestNumberTests(StoreKind store)
{
    private const string FixedCode = "424242";

    private FakeVonageServer vonage = null!;

    [OneTimeSetUp]
    public void StartFake() => vonage = FakeVonageServer.Start();

    [OneTimeTearDown]
    public void StopFake() => vonage.Dispose();

    [Test]
    public async Task ATestNumber_NeverReachesTheProvider_ARealNumberOfTheSameTenantDoes_AndTheFixedCodeApproves()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode));
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();

        using var sent = await client.SendAsync(userId, testPhone);
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await OtpClient.ReadJson(sent);
        Assert.That(body["risk"]!["simSwap"]!.GetValue<string>(), Is.EqualTo("not_checked"));
        var realPhone = OtpClient.NewPhone();
        await client.StartAsync(OtpClient.NewUserId(), realPhone);

        Assert.That(await vonage.RequestsAsync(testPhone[1..]), Is.Zero, "the test number was texted nothing");
        Assert.That(await vonage.MessagesAsync(realPhone[1..]), Has.Count.EqualTo(1), "the real number was texted");
        using var approved = await client.VerifyAsync(body["verificationId"]!.GetValue<string>(), FixedCode, userId);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheNumber_IsMatchedInItsCanonicalForm_AndTheAuditLineSaysTest_WithoutTheCodeOrTheNumber()
    {
        using var app = NewApp(("TestNumbers:full:0:Number", "+4407700900123"), ("TestNumbers:full:0:Code", FixedCode));
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();

        var id = await client.StartAsync(userId, "+447700900123");
        using var approved = await client.VerifyByUserAsync(userId, FixedCode);

        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the configured code, by user as by id");
        Assert.That(await vonage.RequestsAsync("447700900123"), Is.Zero);
        var logs = app.LogText();
        Assert.That(logs, Does.Contain("Test numbers: tenant=full count=1"));
        Assert.That(logs, Does.Match(@"Audit send: client=full .* result=\w+ reason=.* test\b"));
        Assert.That(logs, Does.Not.Contain(FixedCode).And.Not.Contain("7700900123"));
        Assert.That(id, Is.Not.Empty);
    }

    [Test]
    public async Task AWrongCode_CountsAnAttempt_AndMaxAttemptsLockTheFixedCodeOut()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode));
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId, testPhone);

        for (var remaining = 4; remaining >= 0; remaining--)
        {
            using var wrong = await client.VerifyAsync(id, "000000", userId);
            var problem = await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
            Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(remaining));
        }

        using var locked = await client.VerifyAsync(id, FixedCode, userId);
        await ProblemAssert.IsProblem(locked, HttpStatusCode.Gone, "verification_locked");
    }

    [Test]
    public async Task AnotherTenant_SendingToTheSameNumber_ReachesTheProvider_AndTheFixedCodeIsNotItsCode()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode));
        var stranger = OtpClient.For(app, TestApiKeys.OtherTenant);
        var userId = OtpClient.NewUserId();

        var id = await stranger.StartAsync(userId, testPhone);

        var texts = await vonage.MessagesAsync(testPhone[1..]);
        Assert.That(texts, Has.Count.EqualTo(1), "an ordinary send for the other tenant");
        Assume.That(texts[0]!["text"]!.GetValue<string>(), Does.Not.Contain(FixedCode), "a drawn code may coincide, once in a million");
        using var fixedCode = await stranger.VerifyAsync(id, FixedCode, userId);
        await ProblemAssert.IsProblem(fixedCode, HttpStatusCode.BadRequest, "incorrect_code");
    }

    [Test]
    public async Task PastItsValidUntil_TheNumberIsAnOrdinaryNumberAgain()
    {
        var expired = OtpClient.NewPhone();
        var expiring = OtpClient.NewPhone();
        using var app = NewApp(
            ("TestNumbers:full:0:Number", expired), ("TestNumbers:full:0:Code", FixedCode), ("TestNumbers:full:0:ValidUntil", "2020-01-01T00:00:00Z"),
            ("TestNumbers:full:1:Number", expiring), ("TestNumbers:full:1:Code", FixedCode),
            ("TestNumbers:full:1:ValidUntil", (SecureOtpApp.NewClock().GetUtcNow() + TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture)));
        var client = OtpClient.For(app);

        await client.StartAsync(OtpClient.NewUserId(), expired);
        await client.StartAsync(OtpClient.NewUserId(), expiring);
        Assert.That(await vonage.RequestsAsync(expired[1..]), Is.EqualTo(1), "a ValidUntil in the past: texted");
        Assert.That(await vonage.RequestsAsync(expiring[1..]), Is.Zero, "still valid: not texted");

        app.Clock.Advance(TimeSpan.FromHours(2));
        await client.StartAsync(OtpClient.NewUserId(), expiring);
        Assert.That(await vonage.RequestsAsync(expiring[1..]), Is.EqualTo(1), "its ValidUntil passed on the service's clock: texted");
    }

    [Test]
    public async Task ThePerNumberLimit_StillHolds()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode),
            ("Limits:SendsPerPhonePerHour", "2"), ("Otp:ResendCooldown", "00:00:00"));
        var client = OtpClient.For(app);

        await client.StartAsync(OtpClient.NewUserId(), testPhone);
        await client.StartAsync(OtpClient.NewUserId(), testPhone);
        using var third = await client.SendAsync(OtpClient.NewUserId(), testPhone);

        var problem = await ProblemAssert.IsProblem(third, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("phone_per_hour"));
    }

    [Test]
    public async Task TheResendCooldown_StillHolds()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode));
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();

        await client.StartAsync(userId, testPhone);
        using var again = await client.SendAsync(userId, testPhone);

        await ProblemAssert.IsProblem(again, HttpStatusCode.TooManyRequests, "resend_too_soon");
    }

    [Test]
    public async Task TheCountryAndPrefixBrakes_LeaveTestNumbersOut()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode),
            ("Limits:SendsPerCountryPerMinute", "1"), ("Limits:SendsPerCountryPerMinutePerTenant", "0"),
            ("Limits:DistinctNumbersPerPrefix", "1"), ("Limits:DistinctNumbersPerPrefixPerTenant", "0"), ("Otp:ResendCooldown", "00:00:00"));
        var client = OtpClient.For(app);

        for (var i = 0; i < 3; i++)
        {
            await client.StartAsync(OtpClient.NewUserId(), testPhone);
        }

        await client.StartAsync(OtpClient.NewUserId(), OtpClient.NewPhone()); // the brakes' one send: test numbers took none of it
        using var braked = await client.SendAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        var problem = await ProblemAssert.IsProblem(braked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.AnyOf("country_per_minute", "prefix_velocity"));
    }

    [Test]
    public async Task NoSimSwapLookup_IsMadeForATestNumber()
    {
        var testPhone = OtpClient.NewPhone();
        using var app = NewApp(("TestNumbers:full:0:Number", testPhone), ("TestNumbers:full:0:Code", FixedCode),
            ("Risk:SimSwap:Provider", "Camara"), ("Risk:SimSwap:Policy", "Block"), ("Risk:SimSwap:FailOpen", "true"),
            ("Risk:SimSwap:BaseUrl", vonage.BaseUrl.ToString().TrimEnd('/')), ("Risk:SimSwap:TokenUrl", new Uri(vonage.BaseUrl, "oauth2/token").ToString()),
            ("Risk:SimSwap:ClientId", "fake-client"), ("Risk:SimSwap:ClientSecret", "fake-client-secret"),
            ("Risk:SimSwap:Timeout", "00:00:02"), ("Risk:SimSwap:TotalTimeout", "00:00:02.500"));
        await vonage.ResetAsync();
        var client = OtpClient.For(app);

        using var sent = await client.SendAsync(OtpClient.NewUserId(), testPhone);
        Assert.That((await OtpClient.ReadJson(sent))["risk"]!["simSwap"]!.GetValue<string>(), Is.EqualTo("not_checked"));
        Assert.That((await vonage.SimSwapStatsAsync()).Checks, Is.Zero, "no paid lookup for a test number");
        await client.StartAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        Assert.That((await vonage.SimSwapStatsAsync()).Checks, Is.EqualTo(1), "a real number is looked up");
    }

    private SecureOtpApp NewApp(params (string Key, string Value)[] overrides)
    {
        var settings = vonage.ServiceSettings();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new SecureOtpApp(store, settings);
    }
}
