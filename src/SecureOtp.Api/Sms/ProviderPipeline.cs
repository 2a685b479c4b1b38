using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms;

/// <summary>
/// The shape every SMS provider's pipeline shares, outermost first (<c>Sms:Resilience:*</c> sets it for each provider):
/// <list type="number">
/// <item>a total timeout — a login page is waiting;</item>
/// <item>the provider's own circuit breaker over whole sends — while open, its sends fail at once with no call, and an
///   outage of one provider never blocks another;</item>
/// <item>retries only after answers that prove the provider took nothing (the provider's <see cref="ProviderPipelineHooks{T}.ShouldRetry"/>),
///   with exponential back-off and jitter, never shorter than a wait the provider advertised;</item>
/// <item>a per-attempt timeout — whose expiry is ambiguous and so is never retried.</item>
/// </list>
/// What differs per provider — how its answers are read, logged and labelled — comes in as <see cref="ProviderPipelineHooks{T}"/>.
/// </summary>
internal static class ProviderPipeline
{
    /// <remarks>Polly's <c>AddRetry</c>/<c>AddCircuitBreaker</c> ask for every member of the result type to be kept (their
    /// options may be validated by data annotations); <typeparamref name="T"/> passes that on, so a trimmed (Native AOT)
    /// build keeps them for our result types instead of warning (IL2091).</remarks>
    public static void Build<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        ResiliencePipelineBuilder<T> builder, SmsResilienceOptions o, CircuitBreakerStateProvider breakerState, ProviderPipelineHooks<T> hooks)
    {
        builder
            .AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.TotalTimeout, Timeout = o.TotalTimeout })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<T>
            {
                Name = ResilienceTelemetry.Breaker,
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
                StateProvider = breakerState,
                ShouldHandle = args => ValueTask.FromResult(hooks.CountsAgainstProvider(args.Outcome)),
                OnOpened = args => Transition(hooks, "open", args.BreakDuration),
                OnHalfOpened = _ => Transition(hooks, "half_open", TimeSpan.Zero),
                OnClosed = _ => Transition(hooks, "closed", TimeSpan.Zero),
            });

        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                Name = ResilienceTelemetry.Retry,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(hooks.ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(AtLeastAdvertised(hooks.AdvertisedWait(args.Outcome), o.RetryBaseDelay, args.AttemptNumber)),
                OnRetry = args =>
                {
                    hooks.OnRetry(args.Outcome, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.AttemptTimeout, Timeout = o.AttemptTimeout });
    }

    /// <summary>A breaker state for a provider's pipeline, read by the <c>secureotp.sms.circuit_state</c> gauge under the provider's name.</summary>
    public static CircuitBreakerStateProvider ObservedBreaker(string provider)
    {
        var state = new CircuitBreakerStateProvider();
        SecureOtpTelemetry.ObserveSmsCircuit(provider, () => state.CircuitState switch
        {
            CircuitState.Closed => 0,
            CircuitState.HalfOpen => 2,
            _ => 1,
        });
        return state;
    }

    /// <summary>
    /// For an answer that names a wait: that wait, or our back-off if that is longer. Otherwise null, and Polly applies
    /// its exponential back-off with jitter.
    /// </summary>
    private static TimeSpan? AtLeastAdvertised(TimeSpan? advertised, TimeSpan baseDelay, int attempt) =>
        advertised is { } wait ? TimeSpan.FromTicks(Math.Max(wait.Ticks, baseDelay.Ticks << Math.Min(attempt, 10))) : null;

    private static ValueTask Transition<T>(ProviderPipelineHooks<T> hooks, string state, TimeSpan breakDuration)
    {
        hooks.OnBreaker(state, breakDuration);
        return default;
    }
}

/// <summary>What one provider brings to <see cref="ProviderPipeline"/>.</summary>
/// <param name="CountsAgainstProvider">Whether an outcome says something about the provider's health (opens its breaker).</param>
/// <param name="ShouldRetry">Whether an outcome proves the provider took nothing and may take it on a second try.</param>
/// <param name="AdvertisedWait">The wait an answer asked for, if any.</param>
/// <param name="OnBreaker">Called on each breaker transition ("open", "half_open", "closed") with the break duration.</param>
/// <param name="OnRetry">Called before each retry with the outcome, the retry's number (1 = first) and its delay.</param>
internal sealed record ProviderPipelineHooks<T>(
    Func<Outcome<T>, bool> CountsAgainstProvider,
    Func<Outcome<T>, bool> ShouldRetry,
    Func<Outcome<T>, TimeSpan?> AdvertisedWait,
    Action<string, TimeSpan> OnBreaker,
    Action<Outcome<T>, int, TimeSpan> OnRetry);
