using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Twilio's own policies around one send, in the shape every provider shares (<see cref="ProviderPipeline"/>): retries
/// only after answers that prove Twilio took nothing and may take it soon (429, 503, 20429, no connection), never
/// sooner than an advertised <c>Retry-After</c>.
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
        services.AddKeyedSingleton(Name, static (_, _) => ProviderPipeline.ObservedBreaker(TwilioSmsSender.ProviderName));
        return services.AddResiliencePipeline<string, ProviderSendResult>(Name, Configure);
    }

    internal static void Configure(ResiliencePipelineBuilder<ProviderSendResult> builder, AddResiliencePipelineContext<string> context)
    {
        var services = context.ServiceProvider;
        var o = services.GetRequiredService<IOptions<SmsOptions>>().Value.Resilience;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioResiliencePipeline));
        var provider = SecureOtpTelemetry.Tag("provider", TwilioSmsSender.ProviderName);

        builder.UsePollyMetricsOnly(services);
        ProviderPipeline.Build(builder, o, services.GetRequiredKeyedService<CircuitBreakerStateProvider>(Name), new ProviderPipelineHooks<ProviderSendResult>(
            CountsAgainstProvider,
            ShouldRetry,
            outcome => outcome.Result is ProviderSendResult.CertainlyNotSent { RetryAfter: { } advertised } ? advertised : null,
            (state, breakDuration) => Transition(state == "half_open" ? null : logger, state, breakDuration, provider),
            (outcome, retry, delay) =>
            {
                var cause = outcome.Result?.Label ?? outcome.Exception?.GetType().Name ?? "unknown";
                SecureOtpTelemetry.SmsRetries.Add(1, SecureOtpTelemetry.Tag("reason", cause), provider);
                TwilioLog.Retry(logger, retry, cause, delay.TotalMilliseconds);
            }));
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

    private static void Transition(ILogger? logger, string state, TimeSpan breakDuration, KeyValuePair<string, object?> provider)
    {
        if (logger is not null)
        {
            TwilioLog.Breaker(logger, state, breakDuration.TotalSeconds);
        }

        SecureOtpTelemetry.SmsCircuitTransitions.Add(1, SecureOtpTelemetry.Tag("state", state), provider);
    }
}
