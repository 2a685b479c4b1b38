using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
using Polly.Retry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Twilio's own policies around one send, outermost first, as for Vonage (<c>Sms:Resilience:*</c> sets both):
/// <list type="number">
/// <item>a total timeout — a login page is waiting;</item>
/// <item>its own circuit breaker over whole sends — a Twilio outage never blocks another provider;</item>
/// <item>retries only after answers that prove Twilio took nothing and may take it soon (429, 503, 20429, no
///   connection), with exponential back-off and jitter, never shorter than an advertised <c>Retry-After</c>;</item>
/// <item>a per-attempt timeout — whose expiry is ambiguous and so is never retried.</item>
/// </list>
/// </summary>
/// <remarks>
/// The SDK itself never retries, and Microsoft.Extensions.Http.Resilience's standard handler would retry timeouts and
/// 5xx, which may follow an accepted text: only <see cref="ShouldRetry"/> decides here.
/// </remarks>
internal static class TwilioResiliencePipeline
{
    /// <summary>The registry key, and the <c>pipeline.name</c> of Polly's <c>resilience.polly.*</c> metrics.</summary>
    public const string Name = "twilio-sms";

    public static IServiceCollection AddTwilioResiliencePipeline(this IServiceCollection services)
    {
        services.AddKeyedSingleton<CircuitBreakerStateProvider>(Name);
        return services.AddResiliencePipeline<string, ProviderSendResult>(Name, Configure);
    }

    internal static void Configure(ResiliencePipelineBuilder<ProviderSendResult> builder, AddResiliencePipelineContext<string> context)
    {
        var services = context.ServiceProvider;
        var o = services.GetRequiredService<IOptions<SmsOptions>>().Value.Resilience;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioResiliencePipeline));
        var provider = SecureOtpTelemetry.Tag("provider", TwilioSmsSender.ProviderName);

        builder.UsePollyMetricsOnly(services);
        builder
            .AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.TotalTimeout, Timeout = o.TotalTimeout })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderSendResult>
            {
                Name = ResilienceTelemetry.Breaker,
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
                StateProvider = services.GetRequiredKeyedService<CircuitBreakerStateProvider>(Name),
                ShouldHandle = args => ValueTask.FromResult(CountsAgainstProvider(args.Outcome)),
                OnOpened = args => Transition(logger, "open", args.BreakDuration, provider),
                OnHalfOpened = _ => Transition(null, "half_open", TimeSpan.Zero, provider),
                OnClosed = _ => Transition(logger, "closed", TimeSpan.Zero, provider),
            });

        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ProviderSendResult>
            {
                Name = ResilienceTelemetry.Retry,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(AdvertisedWait(args.Outcome, o.RetryBaseDelay, args.AttemptNumber)),
                OnRetry = args =>
                {
                    var cause = args.Outcome.Result?.Label ?? args.Outcome.Exception?.GetType().Name ?? "unknown";
                    SecureOtpTelemetry.SmsRetries.Add(1, SecureOtpTelemetry.Tag("reason", cause), provider);
                    TwilioLog.Retry(logger, args.AttemptNumber + 1, cause, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = ResilienceTelemetry.AttemptTimeout, Timeout = o.AttemptTimeout });
    }

    /// <summary>Only what proves Twilio took nothing and may take it on a second try.</summary>
    internal static bool ShouldRetry(Outcome<ProviderSendResult> outcome) =>
        outcome.Result is ProviderSendResult.CertainlyNotSent { Cause: NotSentCause.Transient };

    /// <summary>
    /// Outages, unknown outcomes and our own faults open the breaker. A refused number or a refused country route says
    /// nothing about Twilio's health elsewhere (the router handles those per country).
    /// </summary>
    internal static bool CountsAgainstProvider(Outcome<ProviderSendResult> outcome) => outcome switch
    {
        { Exception: OperationCanceledException } => false, // the caller left (an attempt timeout is a TimeoutRejectedException)
        { Exception: not null } => true,
        { Result: ProviderSendResult.Sent or ProviderSendResult.NumberRefused } => false,
        { Result: ProviderSendResult.CertainlyNotSent { Cause: NotSentCause.RouteRefused } } => false,
        _ => true,
    };

    private static TimeSpan? AdvertisedWait(Outcome<ProviderSendResult> outcome, TimeSpan baseDelay, int attempt) =>
        outcome.Result is ProviderSendResult.CertainlyNotSent { RetryAfter: { } advertised }
            ? TimeSpan.FromTicks(Math.Max(advertised.Ticks, baseDelay.Ticks << Math.Min(attempt, 10)))
            : null;

    private static ValueTask Transition(ILogger? logger, string state, TimeSpan breakDuration, KeyValuePair<string, object?> provider)
    {
        if (logger is not null)
        {
            TwilioLog.Breaker(logger, state, breakDuration.TotalSeconds);
        }

        SecureOtpTelemetry.SmsCircuitTransitions.Add(1, SecureOtpTelemetry.Tag("state", state), provider);
        return default;
    }
}
