using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>
/// The registered SIM-swap pipeline, read back with Polly.Testing: which strategies, in which order, with which options,
/// and what its predicates let through. The behaviour over stub endpoints is in <see cref="SimSwapResilienceTests"/>.
/// </summary>
public sealed class SimSwapResiliencePipelineStructureTests
{
    [Test]
    public void AddSimSwap_RegistersTotalTimeout_Breaker_Retry_AttemptTimeout_InThatOrder() =>
        Assert.That(PipelineShape.Of(RegisteredByAddSimSwap()), Is.EqualTo(PipelineShape.TimeoutBreakerRetryTimeout<SimSwapAttempt>()));

    [Test]
    public void AddSimSwap_WithNoSettings_UsesTheDefaults()
    {
        var pipeline = RegisteredByAddSimSwap();
        var retry = PipelineShape.Strategy<RetryStrategyOptions<SimSwapAttempt>>(pipeline);

        Assert.Multiple(() =>
        {
            Assert.That(PipelineShape.Timeouts(pipeline), Is.EqualTo((TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2))));
            Assert.That(PipelineShape.BreakerThresholds<SimSwapAttempt>(pipeline),
                Is.EqualTo((0.5, 4, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30))));
            Assert.That((retry.MaxRetryAttempts, retry.BackoffType, retry.UseJitter, retry.Delay),
                Is.EqualTo((1, DelayBackoffType.Constant, true, TimeSpan.FromMilliseconds(100))), "one quick retry: a login page is waiting");
        });
    }

    [Test]
    public void Pipeline_TakesItsTimeoutsFromRiskSimSwapOptions_AndHasItsOwnBreakerState()
    {
        using var harness = new SimSwapHarness();
        var pipeline = harness.Pipeline.GetPipelineDescriptor();

        Assert.Multiple(() =>
        {
            Assert.That(PipelineShape.Timeouts(pipeline), Is.EqualTo((harness.Options.TotalTimeout, harness.Options.Timeout)));
            Assert.That(PipelineShape.Strategy<CircuitBreakerStrategyOptions<SimSwapAttempt>>(pipeline).StateProvider, Is.SameAs(harness.Circuit));
            Assert.That(pipeline.IsReloadable, Is.False, "options are read once, validated at start-up");
        });
    }

    [Test]
    public void SimSwapBreaker_IsNotTheSmsBreaker()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton(Options.Create(new SimSwapOptions()))
            .AddSingleton(Options.Create(new SmsOptions()))
            .AddSimSwapResiliencePipeline()
            .AddSmsResiliencePipeline();
        using var provider = services.BuildServiceProvider();
        var pipelines = provider.GetRequiredService<ResiliencePipelineProvider<string>>();

        var simSwap = PipelineShape.Strategy<CircuitBreakerStrategyOptions<SimSwapAttempt>>(
            pipelines.GetPipeline<SimSwapAttempt>(SimSwapResiliencePipeline.Name).GetPipelineDescriptor());
        var sms = PipelineShape.Strategy<CircuitBreakerStrategyOptions<VonageAttempt>>(
            pipelines.GetPipeline<VonageAttempt>(SmsResiliencePipeline.Name).GetPipelineDescriptor());

        Assert.That(simSwap.StateProvider, Is.Not.SameAs(sms.StateProvider), "an SMS outage must not silence SIM-swap checks");
    }

    /// <summary>One retry, only where the provider did nothing; a 5xx, a timeout or an answer is final.</summary>
    [TestCaseSource(nameof(Outcomes))]
    public async Task Retry_HandlesOnlyRefusalsThatDidNothing(string name, object outcome, bool retried, bool countsAgainstProvider)
    {
        var retry = Strategy<RetryStrategyOptions<SimSwapAttempt>>();

        var handled = await retry.ShouldHandle(new RetryPredicateArguments<SimSwapAttempt>(ResilienceContextPool.Shared.Get(), (Outcome<SimSwapAttempt>)outcome, 0));

        Assert.That(handled, Is.EqualTo(retried), name);
    }

    /// <summary>Outages, timeouts and faults of ours open the breaker; answers, and a caller who left, do not.</summary>
    [TestCaseSource(nameof(Outcomes))]
    public async Task Breaker_CountsOnlyOutcomesThatSaySomethingAboutTheProvider(string name, object outcome, bool retried, bool countsAgainstProvider)
    {
        var breaker = Strategy<CircuitBreakerStrategyOptions<SimSwapAttempt>>();

        var handled = await breaker.ShouldHandle(new CircuitBreakerPredicateArguments<SimSwapAttempt>(ResilienceContextPool.Shared.Get(), (Outcome<SimSwapAttempt>)outcome));

        Assert.That(handled, Is.EqualTo(countsAgainstProvider), name);
    }

    [Test]
    public async Task Breaker_DoesNotCountACancellation_WhenTheCallerLeft()
    {
        var breaker = Strategy<CircuitBreakerStrategyOptions<SimSwapAttempt>>();
        using var left = new CancellationTokenSource();
        await left.CancelAsync();
        var context = ResilienceContextPool.Shared.Get(left.Token);
        context.Properties.Set(SimSwapResiliencePipeline.CallerToken, left.Token);

        var handled = await breaker.ShouldHandle(new CircuitBreakerPredicateArguments<SimSwapAttempt>(context,
            Outcome.FromException<SimSwapAttempt>(new OperationCanceledException(left.Token))));

        Assert.That(handled, Is.False);
    }

    /// <summary>Name, outcome (an <c>Outcome&lt;SimSwapAttempt&gt;</c>: the type is internal), retried, counts against the provider.</summary>
    private static IEnumerable<TestCaseData> Outcomes()
    {
        static TestCaseData Case(string name, Outcome<SimSwapAttempt> outcome, bool retried, bool countsAgainstProvider) =>
            new TestCaseData(name, outcome, retried, countsAgainstProvider).SetArgDisplayNames(name);
        static Outcome<SimSwapAttempt> Http(int status) => Outcome.FromResult(SimSwapAttempt.FromHttpFailure(status, null));
        static Outcome<SimSwapAttempt> Thrown(Exception e) => Outcome.FromException<SimSwapAttempt>(e);

        yield return Case("swapped", Outcome.FromResult(SimSwapAttempt.Swapped), retried: false, countsAgainstProvider: false);
        yield return Case("not swapped", Outcome.FromResult(SimSwapAttempt.NotSwapped), retried: false, countsAgainstProvider: false);
        yield return Case("not applicable", Outcome.FromResult(new SimSwapAttempt(SimSwapOutcome.NotApplicable, 422, "SERVICE_NOT_APPLICABLE")),
            retried: false, countsAgainstProvider: false);
        yield return Case("HTTP 429", Http(429), retried: true, countsAgainstProvider: true);
        yield return Case("HTTP 503", Http(503), retried: true, countsAgainstProvider: true);
        yield return Case("connection refused", Thrown(new HttpRequestException(HttpRequestError.ConnectionError, "refused")), retried: true, countsAgainstProvider: true);
        yield return Case("HTTP 500", Http(500), retried: false, countsAgainstProvider: true);
        yield return Case("HTTP 401", Http(401), retried: false, countsAgainstProvider: true);
        yield return Case("attempt timeout", Thrown(new TimeoutRejectedException()), retried: false, countsAgainstProvider: true);
        yield return Case("cut by the total timeout", Thrown(new OperationCanceledException()), retried: false, countsAgainstProvider: true);
    }

    private static T Strategy<T>()
        where T : ResilienceStrategyOptions
    {
        using var harness = new SimSwapHarness();
        return PipelineShape.Strategy<T>(harness.Pipeline.GetPipelineDescriptor());
    }

    /// <summary>The pipeline as the service registers it: AddSimSwap with no Risk:SimSwap:* settings.</summary>
    private static ResiliencePipelineDescriptor RegisteredByAddSimSwap()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSimSwap();
        using var host = builder.Build();
        return host.Services.GetRequiredService<ResiliencePipelineProvider<string>>()
            .GetPipeline<SimSwapAttempt>(SimSwapResiliencePipeline.Name).GetPipelineDescriptor();
    }
}
