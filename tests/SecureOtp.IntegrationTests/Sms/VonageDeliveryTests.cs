using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Sms;

/// <summary>
/// The service sending through the Vonage SMS API, here the project's fake Vonage server run as a process, with real
/// Redis. Request counts come from the fake, so "retried" and "not retried" are measured, not assumed.
/// Each test gets a fresh service (and so a fresh circuit breaker).
/// </summary>
public sealed partial class VonageDeliveryTests
{
    private FakeVonageServer vonage = null!;
    private ConnectionMultiplexer redis = null!;

    [OneTimeSetUp]
    public void StartFake()
    {
        vonage = FakeVonageServer.Start();
        redis = RedisSetUp.Server.Connect();
    }

    [OneTimeTearDown]
    public void StopFake()
    {
        vonage.Dispose();
        redis.Dispose();
    }

    [SetUp]
    public Task ResetFake() => vonage.ResetAsync();

    [Test]
    public async Task Send_PostsTheDocumentedForm_AndTheCodeFromTheProviderVerifies()
    {
        using var app = vonage.App();
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        var userId = OtpClient.NewUserId();

        var id = await client.StartAsync(userId, phone);

        var message = (await vonage.MessagesAsync(phone[1..])).Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(message["to"]!.GetValue<string>(), Is.EqualTo(phone[1..]), "digits, no '+'");
            Assert.That(message["from"]!.GetValue<string>(), Is.EqualTo("SecureOtp"));
            Assert.That(message["type"]!.GetValue<string>(), Is.EqualTo("text"), "the shipped templates are GSM-7");
            Assert.That(message["clientRef"]!.GetValue<string>(), Has.Length.InRange(1, 40).And.Not.Contains(id));
            Assert.That(message["text"]!.GetValue<string>(), Does.Contain("SecureOtp").And.Contain("5 min"));
        });
        var code = CodePattern().Match(message["text"]!.GetValue<string>()).Value;
        Assert.That(message["clientRef"]!.GetValue<string>(), Does.Not.Contain(code), "client-ref never carries the code");

        using var verified = await client.VerifyAsync(id, code, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Send_NonGsmTemplate_GoesAsUnicode()
    {
        using var app = vonage.App(("Sms:Templates:ru", "Ваш код {brand}: {code}"));
        var phone = OtpClient.NewPhone();
        using var sent = await OtpClient.For(app).Http.PostAsync("/otp/send", Json($$"""{"userId":"u-ru","phoneNumber":"{{phone}}","locale":"ru-RU"}"""));
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var message = (await vonage.MessagesAsync(phone[1..])).Single()!;
        Assert.That(message["type"]!.GetValue<string>(), Is.EqualTo("unicode"));
        Assert.That(message["text"]!.GetValue<string>(), Does.StartWith("Ваш код SecureOtp: "));
    }

    [Test]
    public async Task Throttled_IsRetriedAfterTheAdvertisedWait_AndSucceeds()
    {
        using var app = vonage.App();
        var phone = OtpClient.NewPhone();
        await vonage.FailAsync(new { to = phone[1..], kind = "status", status = "1", errorText = "Throughput Rate Exceeded - please wait [ 300 ] and retry", times = 2 });

        var watch = Stopwatch.StartNew();
        await OtpClient.For(app).StartAsync(OtpClient.NewUserId(), phone);

        Assert.That(await vonage.RequestsAsync(phone[1..]), Is.EqualTo(3));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(590)), "two waits of at least 300 ms each");
        TestContext.Out.WriteLine($"throttled twice, accepted on the 3rd request after {watch.ElapsedMilliseconds} ms");
    }

    [TestCase("http", 500, 1)]
    [TestCase("http", 503, 3)]
    [TestCase("http", 429, 3)]
    [TestCase("status", 5, 3)]
    [TestCase("status", 9, 1)]
    [TestCase("status", 4, 1)]
    [TestCase("drop", 0, 1)]
    [TestCase("delay", 0, 1)]
    public async Task ProviderFailure_Returns503_RetriesOnlyWhatCertainlyWasNotSent_AndLeavesNoCode(string kind, int code, int expectedRequests)
    {
        using var app = vonage.App();
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        var userId = OtpClient.NewUserId();
        object fault = kind switch
        {
            "http" => new { to = phone[1..], kind, httpStatus = code },
            "status" => new { to = phone[1..], kind, status = code.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "delay" => new { to = phone[1..], kind, delayMs = 3000 },
            _ => new { to = phone[1..], kind },
        };
        await vonage.FailAsync(fault);

        using var failed = await client.SendAsync(userId, phone);
        await ProblemAssert.IsProblem(failed, HttpStatusCode.ServiceUnavailable, "sms_unavailable");
        Assert.That(failed.Headers.RetryAfter, Is.Not.Null);
        Assert.That(await vonage.RequestsAsync(phone[1..]), Is.EqualTo(expectedRequests));
        Assert.That(Keys(app), Is.Empty, "no live code and no cooldown may remain after a failed send");

        await vonage.ResetAsync();
        var id = await client.StartAsync(userId, phone); // at once: our failure cost the user no cooldown
        var text = (await vonage.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>();
        using var verified = await client.VerifyAsync(id, CodePattern().Match(text).Value, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("7")]
    [TestCase("33")]
    public async Task RejectedDestination_Returns422DestinationUnreachable_WithoutRetry(string status)
    {
        using var app = vonage.App();
        var phone = OtpClient.NewPhone();
        await vonage.FailAsync(new { to = phone[1..], kind = "status", status });

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnprocessableEntity, "destination_unreachable");
        Assert.That(await vonage.RequestsAsync(phone[1..]), Is.EqualTo(1));
        Assert.That(Keys(app), Is.Empty);
    }

    [Test]
    public async Task AccountFault_IsLoggedWithTheVonageStatus_AndNoSecret()
    {
        using var app = vonage.App();
        var phone = OtpClient.NewPhone();
        await vonage.FailAsync(new { to = phone[1..], kind = "status", status = "9" });

        using (await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone))
        {
        }

        var logs = app.LogText();
        Assert.That(logs, Does.Contain("status 9"));
        Assert.That(logs, Does.Not.Contain(FakeVonageServer.ApiSecret).And.Not.Contain(phone));
    }

    [Test]
    public async Task Outage_OpensTheBreaker_ThenSendsFailFastWithoutCallingTheProvider_UntilItRecovers()
    {
        using var app = vonage.App();
        var client = OtpClient.For(app);
        await vonage.FailAsync(new { kind = "http", httpStatus = 500 });

        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.SendAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        var requestsWhenOpen = await vonage.RequestsAsync();
        var watch = Stopwatch.StartNew();
        using var fast = await client.SendAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        watch.Stop();
        await ProblemAssert.IsProblem(fast, HttpStatusCode.ServiceUnavailable, "sms_unavailable");
        Assert.That(fast.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(await vonage.RequestsAsync(), Is.EqualTo(requestsWhenOpen), "an open breaker calls no provider");
        TestContext.Out.WriteLine($"open breaker answered in {watch.ElapsedMilliseconds} ms, Retry-After {fast.Headers.RetryAfter?.Delta?.TotalSeconds} s");

        await vonage.ResetAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(21)); // the break is over: the next send is the probe
        await client.StartAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        await client.StartAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        Assert.That(await vonage.RequestsAsync(), Is.EqualTo(2), "closed again: every send reaches the provider");
    }

    [Test]
    public async Task ProviderDown_VerifyStillWorks()
    {
        using var app = vonage.App();
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId, phone);
        var code = CodePattern().Match((await vonage.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;

        await vonage.FailAsync(new { kind = "drop" });
        using var verified = await client.VerifyAsync(id, code, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private RedisKey[] Keys(SecureOtpApp app) =>
        redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: app.KeyPrefix + "*").ToArray();

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex CodePattern();
}
