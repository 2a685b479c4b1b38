using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
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
/// <remarks>
/// Not Microsoft.Extensions.Http.Resilience's standard handler: it retries timeouts, 408, every 5xx and dropped
/// connections, and each of those may mean Vonage already took the text — the user would get two codes. It also sees
/// only HTTP statuses, while Vonage reports throttling (status 1) and refusals (5, 10) inside an HTTP 200 body. So the
/// pipeline runs over the classified <see cref="VonageAttempt"/>, and only our own predicates decide what is retried.
/// </remarks>
internal static class SmsResiliencePipeline
{
    /// <summary>The registry key, and the <c>pipeline.name</c> of Polly's <c>resilience.polly.*</c> metrics.</summary>
    public const string Name = "vonage-sms";

    /// <summary>
    /// Registers the pipeline under <see cref="Name"/> (resolve it from <c>ResiliencePipelineProvider&lt;string&gt;</c>)
    /// and its breaker's state, keyed by the same name, which feeds the <c>secureotp.sms.circuit_state</c> gauge.
    /// Options are read once, when the pipeline is first used; they were validated at start-up.
    /// </summary>
    public static IServiceCollection AddSmsResiliencePipeline(this IServiceCollection services)
    {
        services.AddKeyedSingleton(Name, static (_, _) =>
        {
            var state = new CircuitBreakerStateProvider();
            SecureOtpTelemetry.ObserveSmsCircuit(() => state.CircuitState switch
            {
                CircuitState.Closed => 0,
                CircuitState.HalfOpen => 2,
                _ => 1,
            });
            return state;
        });
        return services.AddResiliencePipeline<string, VonageAttempt>(Name, Configure);
    }

    /// <summary>
    /// The registry's builder callback. Polly.Extensions has already set the builder's <c>TimeProvider</c> to the one
    /// registered in DI; telemetry is Polly's metrics only (see <see cref="ResilienceTelemetry"/>).
    /// </summary>
    internal static void Configure(ResiliencePipelineBuilder<VonageAttempt> builder, AddResiliencePipelineContext<string> context)
    {
        var services = context.ServiceProvider;
        var o = services.GetRequiredService<IOptions<SmsOptions>>().Value.Resilience;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SmsResiliencePipeline));

        builder.UsePollyMetricsOnly(services);

        builder
            .AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.TotalTimeout, Timeout = o.TotalTimeout })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<VonageAttempt>
            {
                Name = ResilienceTelemetry.Breaker,
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
                StateProvider = services.GetRequiredKeyedService<CircuitBreakerStateProvider>(Name),
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
            });

        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<VonageAttempt>
            {
                Name = ResilienceTelemetry.Retry,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(CertainlyNotSent(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(AdvertisedWait(args.Outcome, o.RetryBaseDelay, args.AttemptNumber)),
                OnRetry = args =>
                {
                    SecureOtpTelemetry.SmsRetries.Add(1, SecureOtpTelemetry.Tag("reason",
                        args.Outcome.Result?.Outcome.ToString() ?? args.Outcome.Exception?.GetType().Name ?? "unknown"));
                    Log.SmsRetry(logger, args.AttemptNumber + 1, args.Outcome.Result?.VonageStatus ?? args.Outcome.Exception?.GetType().Name ?? "?",
                        args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.AttemptTimeout, Timeout = o.AttemptTimeout });
    }

    /// <summary>Only what proves the text did not leave: a refusal before acceptance, or no connection at all.</summary>
    internal static bool CertainlyNotSent(Outcome<VonageAttempt> outcome) =>
        outcome.Result?.CertainlyNotSent == true
        || outcome.Exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };

    /// <summary>Outages and our own faults open the breaker; a rejected destination or a country Vonage will not route to
    /// says nothing about the provider as a whole.</summary>
    internal static bool CountsAgainstProvider(Outcome<VonageAttempt> outcome) => outcome switch
    {
        { Exception: OperationCanceledException } => false, // the caller left; says nothing about the provider
        { Exception: not null } => true,
        { Result.Outcome: VonageOutcome.Accepted or VonageOutcome.DestinationRejected or VonageOutcome.RouteRefused } => false,
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
