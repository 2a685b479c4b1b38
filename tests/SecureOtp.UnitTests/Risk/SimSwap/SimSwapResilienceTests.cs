using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>One retry only where nothing happened; a breaker that notices an outage at OTP volumes; a short-lived cache.</summary>
public sealed class SimSwapResilienceTests
{
    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    public async Task Http429Or503_IsRetriedOnce_ThenAnswers(HttpStatusCode code)
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => new HttpResponseMessage(code)).Then(() => StubSimSwapHandler.CamaraSwapped(true));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Swapped));
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Http503_IsRetriedOnlyOnce()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Unknown));
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task ConnectionRefused_IsRetriedOnce()
    {
        using var harness = new SimSwapHarness();
        harness.Api.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)))
            .Then(() => StubSimSwapHandler.CamaraSwapped(false));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.NotSwapped));
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task ConnectionRefusedTwice_IsUnknown_NotAnException()
    {
        using var harness = new SimSwapHarness(SimSwapHarness.CamaraOptions(SimSwapPolicy.Block, failOpen: false));
        harness.Api.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict, Is.EqualTo(new SimSwapVerdict(SimSwapStatus.Unknown, SimSwapAction.Unavailable)));
    }

    [Test]
    public async Task UnexpectedException_IsUnknown_NotAnException()
    {
        using var harness = new SimSwapHarness();
        harness.Api.ThenThrow(new InvalidOperationException("surprise"));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict, Is.EqualTo(new SimSwapVerdict(SimSwapStatus.Unknown, SimSwapAction.SendFlagged)));
    }

    [Test]
    public async Task SlowProvider_IsCutAtTheAttemptTimeout_AndNotRetried()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(StubSimSwapHandler.Slow);

        var started = TimeProvider.System.GetTimestamp();
        var verdict = await harness.AssessAsync();
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Unknown));
        Assert.That(harness.Api.Calls, Is.EqualTo(1));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "well before the stub's 30 s answer");
    }

    [Test]
    public async Task Breaker_OpensAfterAnOutage_ThenNoCallsAreMade_UntilTheBreakIsOver()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => StubSimSwapHandler.CamaraError(HttpStatusCode.InternalServerError, "INTERNAL"));

        for (var i = 0; i < SimSwapResiliencePipeline.BreakerMinimumThroughput; i++)
        {
            Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.Unknown));
        }

        Assert.That(harness.Circuit.CircuitState, Is.EqualTo(CircuitState.Open));
        var callsWhenOpened = harness.Api.Calls;
        var tokenCallsWhenOpened = harness.TokenEndpoint.Calls;

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await harness.AssessAsync(), Is.EqualTo(new SimSwapVerdict(SimSwapStatus.Unknown, SimSwapAction.SendFlagged)));
        }

        Assert.That(harness.Api.Calls, Is.EqualTo(callsWhenOpened), "no provider call while open");
        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(tokenCallsWhenOpened));

        harness.Clock.Advance(SimSwapResiliencePipeline.BreakDuration + TimeSpan.FromSeconds(1));
        harness.Api.Then(() => StubSimSwapHandler.CamaraSwapped(false));

        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.NotSwapped), "one probe goes through");
        Assert.That(harness.Circuit.CircuitState, Is.EqualTo(CircuitState.Closed));
    }

    [Test]
    public async Task Breaker_UnderFailClosedBlock_AnswersUnavailable()
    {
        using var harness = new SimSwapHarness(SimSwapHarness.CamaraOptions(SimSwapPolicy.Block, failOpen: false));
        harness.Api.Then(() => new HttpResponseMessage(HttpStatusCode.BadGateway));
        for (var i = 0; i < SimSwapResiliencePipeline.BreakerMinimumThroughput; i++)
        {
            await harness.AssessAsync();
        }

        var calls = harness.Api.Calls;
        var verdict = await harness.AssessAsync();

        Assert.That(verdict, Is.EqualTo(new SimSwapVerdict(SimSwapStatus.Unknown, SimSwapAction.Unavailable)));
        Assert.That(harness.Api.Calls, Is.EqualTo(calls));
    }

    [Test]
    public async Task Breaker_DoesNotOpenOnNumbersTheProviderCannotCover()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => StubSimSwapHandler.CamaraError(HttpStatusCode.UnprocessableEntity, "SERVICE_NOT_APPLICABLE"));

        for (var i = 0; i < 10; i++)
        {
            Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.Unknown));
        }

        Assert.That(harness.Circuit.CircuitState, Is.EqualTo(CircuitState.Closed), "another operator's number says nothing about the provider");
        Assert.That(harness.Api.Calls, Is.EqualTo(10), "and is neither retried nor cached");
    }

    [Test]
    public async Task Cache_AnswersTheSameNumberWithoutASecondCall()
    {
        using var harness = new SimSwapHarness(SimSwapHarness.CamaraOptions(SimSwapPolicy.Block));
        harness.Api.Then(() => StubSimSwapHandler.CamaraSwapped(true)).Then(() => StubSimSwapHandler.CamaraSwapped(false));

        var first = await harness.AssessAsync("+447700900123");
        var second = await harness.AssessAsync("+447700900123");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(second.Action, Is.EqualTo(SimSwapAction.Block));
        Assert.That(harness.Api.Calls, Is.EqualTo(1));
        Assert.That(harness.Logger.Collector.GetSnapshot().Last(e => e.Id.Id == 5001).Message, Does.Contain("basis=cache"));
    }

    [Test]
    public async Task Cache_KeepsNumbersApart()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => StubSimSwapHandler.CamaraSwapped(true)).Then(() => StubSimSwapHandler.CamaraSwapped(false));

        var first = await harness.AssessAsync("+447700900123");
        var other = await harness.AssessAsync("+447700900124");

        Assert.That((first.Status, other.Status), Is.EqualTo((SimSwapStatus.Swapped, SimSwapStatus.NotSwapped)));
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Cache_ExpiresAfterCacheDuration()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => StubSimSwapHandler.CamaraSwapped(false)).Then(() => StubSimSwapHandler.CamaraSwapped(true));

        await harness.AssessAsync();
        harness.Clock.Advance(harness.Options.CacheDuration - TimeSpan.FromSeconds(1));
        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.NotSwapped));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.Swapped), "a swap made since is seen once the entry expires");
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Cache_DoesNotKeepUnknownAnswers()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => StubSimSwapHandler.CamaraError(HttpStatusCode.InternalServerError, "INTERNAL"))
            .Then(() => StubSimSwapHandler.CamaraSwapped(true));

        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.Unknown));
        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.Swapped));
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Cache_OfZeroDuration_AsksEveryTime()
    {
        var options = SimSwapHarness.CamaraOptions();
        options.CacheDuration = TimeSpan.Zero;
        using var harness = new SimSwapHarness(options);

        await harness.AssessAsync();
        await harness.AssessAsync();

        Assert.That(harness.Api.Calls, Is.EqualTo(2));
    }
}
