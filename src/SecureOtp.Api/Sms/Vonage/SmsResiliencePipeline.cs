using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// The policies around one send, outermost first:
/// <list type="number">
/// <item>a total timeout — a login page is waiting;</item>
/// <item>a circuit breaker over whole sends — while open, sends fail at once with no provider call;</item>
/// <item>retries, only after answers that prove nothing was sent (throttling, status 5/10, HTTP 429/503, no connection),
///   with exponential back-off and jitter, never shorter than Vonage's advertised wait;</item>
/// <item>a per-attempt timeout — whose expiry is ambiguous and so is never retried.</item>
/// </list>
/// </summary>
internal static class SmsResiliencePipeline
{
    public const string Name = "vonage-sms";

    /// <param name="innermost">Tests add Polly chaos strategies here, where the provider call would be.</param>
    public static ResiliencePipeline<VonageAttempt> Build(SmsResilienceOptions o, TimeProvider time, CircuitBreakerStateProvider state, ILogger logger,
        Action<ResiliencePipelineBuilder<VonageAttempt>>? innermost = null)
    {
        var builder = new ResiliencePipelineBuilder<VonageAttempt> { Name = Name, TimeProvider = time };
        builder
            .AddTimeout(o.TotalTimeout)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<VonageAttempt>
            {
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(CountsAgainstProvider(args.Outcome)),
                OnOpened = args =>
                {
                    Log.SmsBreakerOpened(logger, args.BreakDuration.TotalSeconds);
                    SecureOtpTelemetry.SmsCircuitTransitions.Add(1, SecureOtpTelemetry.Tag("state", "open"));
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    SecureOtpTelemetry.SmsCircuitTransitions.Add(1, SecureOtpTelemetry.Tag("state", "half_open"));
                    return default;
                },
                OnClosed = _ =>
                {
                    Log.SmsBreakerClosed(logger);
                    SecureOtpTelemetry.SmsCircuitTransitions.Add(1, SecureOtpTelemetry.Tag("state", "closed"));
                    return default;
                },
            })
            .AddRetry(new RetryStrategyOptions<VonageAttempt>
            {
                MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0 && CertainlyNotSent(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(AdvertisedWait(args.Outcome, o.RetryBaseDelay, args.AttemptNumber)),
                OnRetry = args =>
                {
                    SecureOtpTelemetry.SmsRetries.Add(1, SecureOtpTelemetry.Tag("reason",
                        args.Outcome.Result?.Outcome.ToString() ?? args.Outcome.Exception?.GetType().Name ?? "unknown"));
                    Log.SmsRetry(logger, args.AttemptNumber + 1, args.Outcome.Result?.VonageStatus ?? args.Outcome.Exception?.GetType().Name ?? "?",
                        args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .AddTimeout(o.AttemptTimeout);
        innermost?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Only what proves the text did not leave: a refusal before acceptance, or no connection at all.</summary>
    internal static bool CertainlyNotSent(Outcome<VonageAttempt> outcome) =>
        outcome.Result?.CertainlyNotSent == true
        || outcome.Exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };

    /// <summary>Outages and our own faults open the breaker; a rejected destination says nothing about the provider.</summary>
    internal static bool CountsAgainstProvider(Outcome<VonageAttempt> outcome) => outcome switch
    {
        { Exception: OperationCanceledException } => false, // the caller left; says nothing about the provider
        { Exception: not null } => true,
        { Result.Outcome: VonageOutcome.Accepted or VonageOutcome.DestinationRejected } => false,
        _ => true,
    };

    /// <summary>
    /// For a throttling answer: Vonage's advertised wait, or our back-off if that is longer. Otherwise null, and Polly
    /// applies its exponential back-off with jitter.
    /// </summary>
    private static TimeSpan? AdvertisedWait(Outcome<VonageAttempt> outcome, TimeSpan baseDelay, int attempt) =>
        outcome.Result?.RetryAfter is { } advertised
            ? TimeSpan.FromTicks(Math.Max(advertised.Ticks, baseDelay.Ticks << Math.Min(attempt, 10)))
            : null;
}
