using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Twilio;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Sms;

/// <summary>
/// The Twilio adapter (SDK, handler, classifier, pipeline) against the fake provider process speaking Twilio's wire
/// format, on loopback. Not yet reachable through the service's send path: routing wires it in.
/// </summary>
[NonParallelizable]
public sealed class TwilioAdapterTests
{
    private const string To = "+447700900123";
    private static readonly Uri CallbackUrl = new("http://127.0.0.1:9/webhooks/twilio/message-status");

    private static readonly List<int> BothAccepted = [204, 204];

    private FakeVonageServer fake = null!;

    [OneTimeSetUp]
    public async Task StartFake()
    {
        fake = FakeVonageServer.Start();
        // The first Twilio send JITs the SDK here and the fake's endpoint there, which can take longer than the tests'
        // 0.5 s attempt timeout on a loaded machine; one send with room to spare keeps that out of the tests.
        await using var services = Adapter(fake.BaseUrl, ("Sms:Resilience:AttemptTimeout", "00:00:15"), ("Sms:Resilience:TotalTimeout", "00:00:20"));
        await SendAsync(services);
    }

    [OneTimeTearDown]
    public void StopFake() => fake.Dispose();

    [SetUp]
    public Task Reset() => fake.ResetAsync();

    private static ServiceProvider Adapter(Uri baseUrl, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = FakeVonageServer.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = FakeVonageServer.TwilioAuthToken,
            ["Sms:Twilio:From"] = "+15005550006",
            ["Sms:Twilio:BaseUrl"] = baseUrl.ToString(),
            ["Sms:Twilio:StatusCallbackUrl"] = CallbackUrl.ToString(),
            ["Sms:Resilience:AttemptTimeout"] = "00:00:00.500",
            ["Sms:Resilience:TotalTimeout"] = "00:00:04",
            ["Sms:Resilience:RetryBaseDelay"] = "00:00:00.020",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section);
        services.AddTwilioSms();
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static Task<ProviderSendResult> SendAsync(ServiceProvider services, DateTimeOffset? expiresAt = null) =>
        services.GetRequiredService<TwilioSmsSender>()
            .TrySendAsync(new SmsMessage(To, "123456 is your SecureOtp code", "ref", expiresAt), CancellationToken.None);

    [Test]
    public async Task Send_CarriesToBodyValidityAndCallback_WithTheAccountsBasicAuth()
    {
        await using var services = Adapter(fake.BaseUrl);
        var expiresAt = TimeProvider.System.GetUtcNow().AddMinutes(5);

        var result = await SendAsync(services, expiresAt);

        var sent = (ProviderSendResult.Sent)result;
        var message = (await fake.TwilioMessagesAsync(To)).Single()!;
        Assert.That(sent.MessageIds, Is.EqualTo(new[] { message["sid"]!.GetValue<string>() }));
        Assert.That(sent.MessageIds[0], Does.Match("^SM[0-9a-f]{32}$"));
        Assert.That(message["to"]!.GetValue<string>(), Is.EqualTo(To));
        Assert.That(message["body"]!.GetValue<string>(), Is.EqualTo("123456 is your SecureOtp code"));
        Assert.That(message["from"]!.GetValue<string>(), Is.EqualTo("+15005550006"));
        Assert.That(message["validityPeriod"]!.GetValue<int>(), Is.InRange(290, 300));
        Assert.That(message["statusCallback"]!.GetValue<string>(), Is.EqualTo(CallbackUrl + "?ref=ref"), "the message's reference rides in its callback URL");
        Assert.That(message["authUser"]!.GetValue<string>(), Is.EqualTo(FakeVonageServer.TwilioAccountSid));
    }

    [Test]
    public async Task Send_WithAnApiKey_AuthenticatesAsTheKey_InTheAccountsPath()
    {
        await using var services = Adapter(fake.BaseUrl,
            ("Sms:Twilio:ApiKeySid", FakeVonageServer.TwilioApiKeySid), ("Sms:Twilio:ApiKeySecret", FakeVonageServer.TwilioApiKeySecret));

        Assert.That(await SendAsync(services), Is.TypeOf<ProviderSendResult.Sent>());
        Assert.That((await fake.TwilioMessagesAsync(To)).Single()!["authUser"]!.GetValue<string>(), Is.EqualTo(FakeVonageServer.TwilioApiKeySid));
    }

    [Test]
    public async Task WrongAuthToken_IsCertainlyNotSent_AsOurConfiguration_AndNotRetried()
    {
        await using var services = Adapter(fake.BaseUrl, ("Sms:Twilio:AuthToken", "wrong-token"));

        var result = await SendAsync(services);

        Assert.That(result, Is.EqualTo(new ProviderSendResult.CertainlyNotSent("twilio_20003", null, NotSentCause.Configuration)));
        Assert.That(await fake.TwilioRequestsAsync(To), Is.EqualTo(1));
    }

    // Each failure class; attempts counts every request the fake got (retries included).
    [TestCase("{\"kind\":\"error\",\"code\":21211}", "NumberRefused", 1)]
    [TestCase("{\"kind\":\"error\",\"code\":21614}", "NumberRefused", 1)]
    [TestCase("{\"kind\":\"error\",\"code\":21610}", "NumberRefused", 1)]
    [TestCase("{\"kind\":\"error\",\"code\":21408}", "CertainlyNotSent", 1)]
    [TestCase("{\"kind\":\"error\",\"code\":21612}", "CertainlyNotSent", 1)]
    [TestCase("{\"kind\":\"error\",\"code\":21606}", "CertainlyNotSent", 1)]
    [TestCase("{\"kind\":\"error\",\"code\":21611}", "CertainlyNotSent", 1)]
    [TestCase("{\"kind\":\"http\",\"httpStatus\":500}", "Unknown", 1)]
    [TestCase("{\"kind\":\"http\",\"httpStatus\":502,\"body\":\"<html>Bad Gateway</html>\"}", "Unknown", 1)]
    [TestCase("{\"kind\":\"drop\"}", "Unknown", 1)]
    // Throttling every time: the first try and Sms:Resilience:MaxRetries (2) more, then certainly not sent.
    [TestCase("{\"kind\":\"error\",\"code\":20429}", "CertainlyNotSent", 3)]
    [TestCase("{\"kind\":\"http\",\"httpStatus\":503,\"body\":\"<html>Service Unavailable</html>\"}", "CertainlyNotSent", 3)]
    public async Task EachFailure_IsClassified_AndRetriedOnlyWhenCertainlyNotSentAndTransient(string fault, string expected, int attempts)
    {
        await fake.FailTwilioAsync(System.Text.Json.JsonDocument.Parse(fault).RootElement);
        await using var services = Adapter(fake.BaseUrl);

        var result = await SendAsync(services);

        Assert.That(result.GetType().Name, Is.EqualTo(expected), result.ToString());
        Assert.That(await fake.TwilioRequestsAsync(To), Is.EqualTo(attempts));
        Assert.That(await fake.TwilioMessagesAsync(To), Is.Empty);
    }

    [Test]
    public async Task OneThrottlingAnswer_IsRetried_AndTheTextGoesOutOnce()
    {
        await fake.FailTwilioAsync(new { callingCode = "44", kind = "error", code = 20429, times = 1 });
        await using var services = Adapter(fake.BaseUrl);

        var result = await SendAsync(services);

        Assert.That(result, Is.TypeOf<ProviderSendResult.Sent>());
        Assert.That(await fake.TwilioRequestsAsync(To), Is.EqualTo(2));
        Assert.That(await fake.TwilioMessagesAsync(To), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task FaultsForAnotherCountry_DoNotTouchThisOne()
    {
        await fake.FailTwilioAsync(new { callingCode = "91", kind = "error", code = 21408 });
        await using var services = Adapter(fake.BaseUrl);

        Assert.That(await SendAsync(services), Is.TypeOf<ProviderSendResult.Sent>());
    }

    [Test]
    public async Task TimeoutAfterTheRequestWasWritten_IsUnknown_AndNeverRetried()
    {
        // The fake takes the text, then answers after the 0.5 s attempt timeout.
        await fake.FailTwilioAsync(new { kind = "delay", delayMs = 2000, times = 1 });
        await using var services = Adapter(fake.BaseUrl);

        var result = await SendAsync(services);

        Assert.That(result, Is.EqualTo(new ProviderSendResult.Unknown("timeout")));
        Assert.That(await fake.TwilioRequestsAsync(To), Is.EqualTo(1));
        Assert.That(await fake.TwilioMessagesAsync(To), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task NoOneListening_IsCertainlyNotSent_AfterRetries()
    {
        await using var services = Adapter(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/"));

        var result = await SendAsync(services);

        Assert.That(result, Is.EqualTo(new ProviderSendResult.CertainlyNotSent("connection_failed", null, NotSentCause.Transient)));
    }

    [Test]
    public async Task StatusCallbacks_AreSignedSoTheAdaptersCheckAcceptsThem_WithTheCountrysOutcome()
    {
        var (app, receiverUrl) = LoopbackWebApp.Create();
        var callbackUrl = new Uri(receiverUrl, "/webhooks/twilio/message-status");
        await using var services = Adapter(fake.BaseUrl, ("Sms:Twilio:StatusCallbackUrl", callbackUrl.ToString()));
        var signature = services.GetRequiredService<TwilioCallbackSignature>();
        var received = new ConcurrentQueue<TwilioStatusCallback?>();
        app.MapPost("/webhooks/twilio/message-status", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!signature.IsValid(form, request.Headers[TwilioCallbackSignature.HeaderName], request.Query["ref"].SingleOrDefault()))
            {
                return Results.StatusCode(401);
            }

            received.Enqueue(TwilioStatusCallback.Parse(form));
            return Results.NoContent();
        });
        await app.StartAsync();
        try
        {
            await fake.SetTwilioOutcomeAsync(new { callingCode = "44", status = "undelivered", errorCode = "30003", delayMs = 10 });

            var sent = (ProviderSendResult.Sent)await SendAsync(services);

            var deadline = TimeSpan.FromSeconds(10);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            async Task<List<System.Text.Json.Nodes.JsonNode?>> PostedHere() =>
                [.. (await fake.TwilioCallbacksAsync(To)).Where(p => p!["messageSid"]!.GetValue<string>() == sent.MessageIds[0])];
            while ((await PostedHere()).Count < 2 && waited.Elapsed < deadline)
            {
                await Task.Delay(20);
            }

            var posted = await PostedHere();
            Assert.That(posted.Select(p => p!["httpStatus"]!.GetValue<int>()).ToList(), Is.EqualTo(BothAccepted));
            Assert.That(received.Select(c => (c!.MessageSid, c.DeliveryStatus, c.ErrorCode)), Is.EqualTo(new[]
            {
                (sent.MessageIds[0], (string?)DeliveryStatus.Submitted, (int?)null),
                (sent.MessageIds[0], DeliveryStatus.Failed, 30003),
            }));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
