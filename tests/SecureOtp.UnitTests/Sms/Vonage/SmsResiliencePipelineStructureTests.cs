using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.Api.Telemetry;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Sms.Vonage;

/// <summary>
/// The registered SMS pipeline, read back with Polly.Testing: which strategies, in which order, with which options, and
/// what its predicates let through. The behaviour over a stub endpoint is in <see cref="SmsResiliencePipelineTests"/>.
/// </summary>
public sealed class SmsResiliencePipelineStructureTests
{
    [Test]
    public void AddSms_RegistersTotalTimeout_Breaker_Retry_AttemptTimeout_InThatOrder() =>
        Assert.That(PipelineShape.Of(RegisteredByAddSms()), Is.EqualTo(PipelineShape.TimeoutBreakerRetryTimeout<VonageAttempt>()));

    [Test]
    public void AddSms_WithNoResilienceSettings_UsesTheDefaultsTheReadmeDocuments()
    {
        var pipeline = RegisteredByAddSms();
        var retry = PipelineShape.Strategy<RetryStrategyOptions<VonageAttempt>>(pipeline);

        Assert.Multiple(() =>
        {
            Assert.That(PipelineShape.Timeouts(pipeline), Is.EqualTo((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(3))));
            Assert.That((retry.MaxRetryAttempts, retry.Delay), Is.EqualTo((2, TimeSpan.FromMilliseconds(200))));
            Assert.That(PipelineShape.BreakerThresholds<VonageAttempt>(pipeline),
                Is.EqualTo((0.5, 4, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20))));
        });
    }

    [Test]
    public void Pipeline_TakesEveryValueFromSmsResilienceOptions()
    {
        var harness = new VonageHarness();
        var o = harness.Resilience;
        var pipeline = harness.Pipeline.GetPipelineDescriptor();
        var breaker = PipelineShape.Strategy<CircuitBreakerStrategyOptions<VonageAttempt>>(pipeline);
        var retry = PipelineShape.Strategy<RetryStrategyOptions<VonageAttempt>>(pipeline);

        Assert.Multiple(() =>
        {
            Assert.That(PipelineShape.Timeouts(pipeline), Is.EqualTo((o.TotalTimeout, o.AttemptTimeout)));
            Assert.That(PipelineShape.BreakerThresholds<VonageAttempt>(pipeline),
                Is.EqualTo((o.BreakerFailureRatio, o.BreakerMinimumThroughput, o.BreakerSamplingDuration, o.BreakDuration)));
            Assert.That(breaker.StateProvider, Is.SameAs(harness.State), "the gauge reads this breaker's state");
            Assert.That((retry.MaxRetryAttempts, retry.Delay), Is.EqualTo((o.MaxRetries, o.RetryBaseDelay)));
            Assert.That((retry.BackoffType, retry.UseJitter), Is.EqualTo((DelayBackoffType.Exponential, true)));
            Assert.That(pipeline.IsReloadable, Is.False, "options are read once, validated at start-up");
        });
    }

    [Test]
    public void WithMaxRetriesZero_ThePipelineHasNoRetryStrategy()
    {
        var harness = new VonageHarness(new SmsResilienceOptions { MaxRetries = 0 });

        Assert.That(PipelineShape.Of(harness.Pipeline.GetPipelineDescriptor()).Select(s => s.Name),
            Is.EqualTo(new[] { ResilienceTelemetry.TotalTimeout, ResilienceTelemetry.Breaker, ResilienceTelemetry.AttemptTimeout }));
    }

    /// <summary>What certainly did not send is retried; whatever may have sent (timeout, 5xx, dropped answer) never is.</summary>
    [TestCaseSource(nameof(Outcomes))]
    public async Task Retry_HandlesOnlyOutcomesThatCertainlySentNothing(string name, object outcome, bool retried, bool countsAgainstProvider)
    {
        var retry = Strategy<RetryStrategyOptions<VonageAttempt>>();
        var context = ResilienceContextPool.Shared.Get();

        var handled = await retry.ShouldHandle(new RetryPredicateArguments<VonageAttempt>(context, (Outcome<VonageAttempt>)outcome, 0));

        Assert.That(handled, Is.EqualTo(retried), name);
    }

    /// <summary>Outages and faults of ours open the breaker; an accepted text, a barred number or a caller who left do not.</summary>
    [TestCaseSource(nameof(Outcomes))]
    public async Task Breaker_CountsOnlyOutcomesThatSaySomethingAboutTheProvider(string name, object outcome, bool retried, bool countsAgainstProvider)
    {
        var breaker = Strategy<CircuitBreakerStrategyOptions<VonageAttempt>>();
        var context = ResilienceContextPool.Shared.Get();

        var handled = await breaker.ShouldHandle(new CircuitBreakerPredicateArguments<VonageAttempt>(context, (Outcome<VonageAttempt>)outcome));

        Assert.That(handled, Is.EqualTo(countsAgainstProvider), name);
    }

    /// <summary>With the default 200 ms base delay.</summary>
    [TestCase(978, 0, 978)]
    [TestCase(10, 0, 200)]
    [TestCase(10, 2, 800)]
    public async Task Retry_AfterThrottling_WaitsTheAdvertisedMilliseconds_OrTheBackOffWhenLonger(int advertisedMs, int attempt, int expectedMs)
    {
        var retry = Strategy<RetryStrategyOptions<VonageAttempt>>();
        var throttled = Outcome.FromResult(new VonageAttempt(VonageOutcome.Throttled, "1", 200, TimeSpan.FromMilliseconds(advertisedMs)));

        var delay = await retry.DelayGenerator!(new RetryDelayGeneratorArguments<VonageAttempt>(ResilienceContextPool.Shared.Get(), throttled, attempt));

        Assert.That(delay, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }

    [Test]
    public async Task Retry_WithoutAnAdvertisedWait_LeavesTheDelayToPollysBackOff()
    {
        var retry = Strategy<RetryStrategyOptions<VonageAttempt>>();
        var refused = Outcome.FromResult(VonageResponseClassifier.Classify(HttpStatusCode.ServiceUnavailable, ""));

        var delay = await retry.DelayGenerator!(new RetryDelayGeneratorArguments<VonageAttempt>(ResilienceContextPool.Shared.Get(), refused, 0));

        Assert.That(delay, Is.Null, "exponential back-off with jitter from RetryBaseDelay");
    }

    /// <summary>Name, outcome (an <c>Outcome&lt;VonageAttempt&gt;</c>: the type is internal), retried, counts against the provider.</summary>
    private static IEnumerable<TestCaseData> Outcomes()
    {
        static TestCaseData Case(string name, Outcome<VonageAttempt> outcome, bool retried, bool countsAgainstProvider) =>
            new TestCaseData(name, outcome, retried, countsAgainstProvider).SetArgDisplayNames(name);
        static Outcome<VonageAttempt> Status(string status) => Outcome.FromResult(VonageResponseClassifier.ClassifyStatus(status, null, 200));
        static Outcome<VonageAttempt> Http(HttpStatusCode code) => Outcome.FromResult(VonageResponseClassifier.Classify(code, ""));
        static Outcome<VonageAttempt> Thrown(Exception e) => Outcome.FromException<VonageAttempt>(e);

        yield return Case("accepted", Outcome.FromResult(new VonageAttempt(VonageOutcome.Accepted, "0", 200)), retried: false, countsAgainstProvider: false);
        yield return Case("status 1 (throttled)", Status("1"), retried: true, countsAgainstProvider: true);
        yield return Case("status 5", Status("5"), retried: true, countsAgainstProvider: true);
        yield return Case("status 10", Status("10"), retried: true, countsAgainstProvider: true);
        yield return Case("HTTP 429", Http(HttpStatusCode.TooManyRequests), retried: true, countsAgainstProvider: true);
        yield return Case("HTTP 503", Http(HttpStatusCode.ServiceUnavailable), retried: true, countsAgainstProvider: true);
        yield return Case("connection refused", Thrown(new HttpRequestException(HttpRequestError.ConnectionError, "refused")), retried: true, countsAgainstProvider: true);
        yield return Case("HTTP 500", Http(HttpStatusCode.InternalServerError), retried: false, countsAgainstProvider: true);
        yield return Case("HTTP 502", Http(HttpStatusCode.BadGateway), retried: false, countsAgainstProvider: true);
        yield return Case("HTTP 504", Http(HttpStatusCode.GatewayTimeout), retried: false, countsAgainstProvider: true);
        yield return Case("unreadable 200", Outcome.FromResult(VonageResponseClassifier.Classify(HttpStatusCode.OK, "<html>")), retried: false, countsAgainstProvider: true);
        yield return Case("attempt timeout", Thrown(new TimeoutRejectedException()), retried: false, countsAgainstProvider: true);
        yield return Case("response dropped", Thrown(new HttpRequestException(HttpRequestError.ResponseEnded, "dropped")), retried: false, countsAgainstProvider: true);
        yield return Case("caller left", Thrown(new OperationCanceledException()), retried: false, countsAgainstProvider: false);
        yield return Case("status 7 (barred)", Status("7"), retried: false, countsAgainstProvider: false);
        yield return Case("status 2 (our request)", Status("2"), retried: false, countsAgainstProvider: true);
    }

    private static T Strategy<T>()
        where T : ResilienceStrategyOptions =>
        PipelineShape.Strategy<T>(new VonageHarness(new SmsResilienceOptions()).Pipeline.GetPipelineDescriptor());

    /// <summary>The pipeline as the service registers it: AddSms with the Vonage account set and no Sms:Resilience:* settings.</summary>
    private static ResiliencePipelineDescriptor RegisteredByAddSms()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Vonage:ApiKey"] = "key-123",
            ["Sms:Vonage:ApiSecret"] = "secret-456",
            ["Sms:Vonage:From"] = "SecureOtp",
        });
        builder.Services.AddLogging();
        builder.AddSms();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<ResiliencePipelineProvider<string>>()
            .GetPipeline<VonageAttempt>(SmsResiliencePipeline.Name).GetPipelineDescriptor();
    }
}
