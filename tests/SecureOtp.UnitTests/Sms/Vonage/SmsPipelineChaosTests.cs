using Polly;
using Polly.CircuitBreaker;
using Polly.Simmy;
using Polly.Simmy.Fault;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Sms.Vonage;

/// <summary>The registered pipeline with Polly's chaos strategies injected where the provider call would be.</summary>
public sealed class SmsPipelineChaosTests
{
    private static readonly SmsResilienceOptions Options = new()
    {
        AttemptTimeout = TimeSpan.FromMilliseconds(200),
        TotalTimeout = TimeSpan.FromSeconds(3),
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };

    [Test]
    public void InjectedConnectionFailures_AreRetried_UntilTheLimit()
    {
        var calls = 0;
        var injected = 0;
        var pipeline = Build(b => b.AddChaosFault(new ChaosFaultStrategyOptions
        {
            InjectionRate = 1,
            OnFaultInjected = _ =>
            {
                Interlocked.Increment(ref injected);
                return default;
            },
            FaultGenerator = new FaultGenerator().AddException(() => new HttpRequestException(HttpRequestError.ConnectionError, "refused")),
        }));

        Assert.That(async () => await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(Accepted()); }),
            Throws.InstanceOf<HttpRequestException>());
        Assert.That(calls, Is.Zero, "every attempt was refused before reaching the provider");
        Assert.That(injected, Is.EqualTo(3), "one try and MaxRetries=2 retries");
    }

    [Test]
    public async Task InjectedThrottling_IsRetried_ThenTheRealAnswerWins()
    {
        var injected = 0;
        var pipeline = Build(b => b.AddChaosOutcome(new Polly.Simmy.Outcomes.ChaosOutcomeStrategyOptions<VonageAttempt>
        {
            InjectionRateGenerator = _ => ValueTask.FromResult(Interlocked.Increment(ref injected) <= 2 ? 1.0 : 0.0),
            OutcomeGenerator = _ => ValueTask.FromResult<Outcome<VonageAttempt>?>(
                Outcome.FromResult(new VonageAttempt(VonageOutcome.Throttled, "1", 200, TimeSpan.FromMilliseconds(20)))),
        }));

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Accepted()));

        Assert.That(result.Outcome, Is.EqualTo(VonageOutcome.Accepted));
        Assert.That(injected, Is.EqualTo(3), "two throttled attempts, then the real one");
    }

    [Test]
    public void InjectedLatencyBeyondTheAttemptTimeout_IsNotRetried()
    {
        var calls = 0;
        var injected = 0;
        var pipeline = Build(b => b.AddChaosLatency(new Polly.Simmy.Latency.ChaosLatencyStrategyOptions
        {
            InjectionRate = 1,
            LatencyGenerator = _ =>
            {
                Interlocked.Increment(ref injected);
                return ValueTask.FromResult(TimeSpan.FromSeconds(2));
            },
        }));

        Assert.That(async () => await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(Accepted()); }),
            Throws.InstanceOf<Polly.Timeout.TimeoutRejectedException>());
        Assert.That(calls, Is.Zero);
        Assert.That(injected, Is.EqualTo(1), "an attempt that timed out may have sent the text: no retry");
    }

    [Test]
    public async Task InjectedOutage_OpensTheBreaker()
    {
        var harness = new VonageHarness(Options, b => b.AddChaosOutcome(1.0, () => new VonageAttempt(VonageOutcome.Ambiguous, null, 500)));
        var pipeline = harness.Pipeline;

        for (var i = 0; i < Options.BreakerMinimumThroughput; i++)
        {
            await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Accepted()));
        }

        Assert.That(harness.State.CircuitState, Is.EqualTo(CircuitState.Open));
        Assert.That(async () => await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Accepted())), Throws.InstanceOf<BrokenCircuitException>());
    }

    private static ResiliencePipeline<VonageAttempt> Build(Action<ResiliencePipelineBuilder<VonageAttempt>> chaos) =>
        new VonageHarness(Options, chaos).Pipeline;

    private static VonageAttempt Accepted() => new(VonageOutcome.Accepted, "0", 200);
}
