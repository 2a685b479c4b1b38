using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// Vonage's policies around one send, in the shape every provider shares (<see cref="ProviderPipeline"/>): retries only
/// after answers that prove nothing was sent (throttling, status 5/10, HTTP 429/503, no connection), never sooner than
/// Vonage's advertised wait.
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
        services.AddKeyedSingleton(Name, static (_, _) => ProviderPipeline.ObservedBreaker(VonageSmsSender.ProviderName));
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
        ProviderPipeline.Build(builder, o, services.GetRequiredKeyedService<CircuitBreakerStateProvider>(Name), new ProviderPipelineHooks<VonageAttempt>(
            CountsAgainstProvider,
            CertainlyNotSent,
            outcome => outcome.Result?.RetryAfter,
            (state, breakDuration) =>
            {
                if (state == "open")
                {
                    Log.SmsBreakerOpened(logger, breakDuration.TotalSeconds);
                }
                else if (state == "closed")
                {
                    Log.SmsBreakerClosed(logger);
                }

                SecureOtpTelemetry.SmsCircuitTransitions.Add(1, SecureOtpTelemetry.Tag("state", state));
            },
            (outcome, retry, delay) =>
            {
                SecureOtpTelemetry.SmsRetries.Add(1, SecureOtpTelemetry.Tag("reason",
                    outcome.Result?.Outcome.ToString() ?? outcome.Exception?.GetType().Name ?? "unknown"));
                Log.SmsRetry(logger, retry, outcome.Result?.VonageStatus ?? outcome.Exception?.GetType().Name ?? "?", delay.TotalMilliseconds);
            }));
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
}
