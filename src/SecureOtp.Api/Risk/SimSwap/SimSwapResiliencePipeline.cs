using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
using Polly.Retry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// The policies around one SIM-swap check, outermost first:
/// <list type="number">
/// <item>a total timeout — a login page is waiting;</item>
/// <item>a circuit breaker over whole checks, tuned to notice an outage at OTP volumes — while open, checks answer
///   "unknown" at once with no provider call;</item>
/// <item>one retry, only after a refusal that did nothing (HTTP 429/503) or no connection at all — the check is
///   idempotent, but a second slow attempt would only keep the user waiting;</item>
/// <item>a per-attempt timeout.</item>
/// </list>
/// </summary>
internal static class SimSwapResiliencePipeline
{
    /// <summary>The registry key, and the <c>pipeline.name</c> of Polly's <c>resilience.polly.*</c> metrics.</summary>
    public const string Name = "simswap";

    public const double BreakerFailureRatio = 0.5;
    public const int BreakerMinimumThroughput = 4;
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The caller's own token, so the breaker can tell "the caller left" from "the provider was too slow".</summary>
    public static readonly ResiliencePropertyKey<CancellationToken> CallerToken = new("secureotp.simswap.caller-token");

    /// <summary>
    /// Registers the pipeline under <see cref="Name"/> (resolve it from <c>ResiliencePipelineProvider&lt;string&gt;</c>)
    /// and its breaker's state, keyed by the same name: its own, never the SMS breaker's. Options are read once, when
    /// the pipeline is first used; they were validated at start-up.
    /// </summary>
    public static IServiceCollection AddSimSwapResiliencePipeline(this IServiceCollection services)
    {
        services.AddKeyedSingleton<CircuitBreakerStateProvider>(Name);
        return services.AddResiliencePipeline<string, SimSwapAttempt>(Name, Configure);
    }

    /// <summary>
    /// The registry's builder callback. Polly.Extensions has already set the builder's <c>TimeProvider</c> to the one
    /// registered in DI; telemetry is Polly's metrics only (see <see cref="ResilienceTelemetry"/>).
    /// </summary>
    internal static void Configure(ResiliencePipelineBuilder<SimSwapAttempt> builder, AddResiliencePipelineContext<string> context)
    {
        var services = context.ServiceProvider;
        var o = services.GetRequiredService<IOptions<SimSwapOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SimSwapResiliencePipeline));

        builder.UsePollyMetricsOnly(services);

        builder
            .AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.TotalTimeout, Timeout = o.TotalTimeout })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SimSwapAttempt>
            {
                Name = ResilienceTelemetry.Breaker,
                FailureRatio = BreakerFailureRatio,
                MinimumThroughput = BreakerMinimumThroughput,
                SamplingDuration = BreakerSamplingDuration,
                BreakDuration = BreakDuration,
                StateProvider = services.GetRequiredKeyedService<CircuitBreakerStateProvider>(Name),
                ShouldHandle = args => ValueTask.FromResult(CountsAgainstProvider(args.Outcome, args.Context)),
                OnOpened = args =>
                {
                    Log.SimSwapBreakerOpened(logger, args.BreakDuration.TotalSeconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    Log.SimSwapBreakerClosed(logger);
                    return default;
                },
            })
            .AddRetry(new RetryStrategyOptions<SimSwapAttempt>
            {
                Name = ResilienceTelemetry.Retry,
                MaxRetryAttempts = 1,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
                Delay = RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome)),
                OnRetry = args =>
                {
                    Log.SimSwapRetry(logger, args.Outcome.Result?.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        ?? args.Outcome.Exception?.GetType().Name ?? "?", args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.AttemptTimeout, Timeout = o.Timeout });
    }

    /// <summary>429/503, or the connection never carried the request.</summary>
    internal static bool IsRetryable(Outcome<SimSwapAttempt> outcome) =>
        outcome.Result?.Outcome == SimSwapOutcome.Transient
        || outcome.Exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };

    /// <summary>Outages, timeouts and faults of ours open the breaker; answers (even "cannot answer for this number") do not.</summary>
    internal static bool CountsAgainstProvider(Outcome<SimSwapAttempt> outcome, ResilienceContext context) => outcome switch
    {
        // The caller left: says nothing about the provider. Cut short by our total timeout: the provider was too slow.
        { Exception: OperationCanceledException } => !(context.Properties.TryGetValue(CallerToken, out var caller) && caller.IsCancellationRequested),
        { Exception: not null } => true,
        { Result: { } attempt } => attempt.CountsAgainstProvider,
        _ => true,
    };
}
