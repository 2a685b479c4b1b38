using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>A registered pipeline read back with Polly.Testing: its strategies' kinds, names and options.</summary>
internal static class PipelineShape
{
    /// <summary>Each strategy's options type and name, outermost first.</summary>
    public static List<(Type? Kind, string? Name)> Of(ResiliencePipelineDescriptor pipeline) =>
        [.. pipeline.Strategies.Select(s => (s.Options?.GetType(), s.Options?.Name))];

    /// <summary>Total timeout → breaker → retry → attempt timeout: the order both provider pipelines keep.</summary>
    public static List<(Type? Kind, string? Name)> TimeoutBreakerRetryTimeout<TResult>() =>
    [
        (typeof(TimeoutStrategyOptions), ResilienceTelemetry.TotalTimeout),
        (typeof(CircuitBreakerStrategyOptions<TResult>), ResilienceTelemetry.Breaker),
        (typeof(RetryStrategyOptions<TResult>), ResilienceTelemetry.Retry),
        (typeof(TimeoutStrategyOptions), ResilienceTelemetry.AttemptTimeout),
    ];

    /// <summary>The options of the one strategy of that kind.</summary>
    public static T Strategy<T>(ResiliencePipelineDescriptor pipeline)
        where T : Polly.ResilienceStrategyOptions =>
        pipeline.Strategies.Select(s => s.Options).OfType<T>().Single();

    /// <summary>The outermost (whole call) and innermost (one attempt) timeouts.</summary>
    public static (TimeSpan Total, TimeSpan Attempt) Timeouts(ResiliencePipelineDescriptor pipeline) =>
        (((TimeoutStrategyOptions)pipeline.Strategies[0].Options!).Timeout, ((TimeoutStrategyOptions)pipeline.Strategies[^1].Options!).Timeout);

    /// <summary>When the breaker opens, and for how long.</summary>
    public static (double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration) BreakerThresholds<TResult>(
        ResiliencePipelineDescriptor pipeline)
    {
        var breaker = Strategy<CircuitBreakerStrategyOptions<TResult>>(pipeline);
        return (breaker.FailureRatio, breaker.MinimumThroughput, breaker.SamplingDuration, breaker.BreakDuration);
    }
}
