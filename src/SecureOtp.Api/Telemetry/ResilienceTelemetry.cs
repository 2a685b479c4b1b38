using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace SecureOtp.Api.Telemetry;

/// <summary>
/// How the provider pipelines (SMS, SIM swap) report through Polly's own telemetry: the same strategy names in both,
/// so <c>resilience.polly.*</c> series read alike, and Polly's metrics without Polly's log lines.
/// </summary>
internal static class ResilienceTelemetry
{
    /// <summary>Polly's <c>strategy.name</c> tags, outermost first (the two timeouts must not share one).</summary>
    public const string TotalTimeout = "total-timeout";
    public const string Breaker = "breaker";
    public const string Retry = "retry";
    public const string AttemptTimeout = "attempt-timeout";

    /// <summary>
    /// Keeps Polly's metrics (<c>resilience.polly.*</c> by pipeline and strategy: attempts, retries, timeouts, breaker
    /// events) and turns its log lines off: our own events (4001–4006 for SMS, 5002–5007 for SIM swap) already tell
    /// each failure, retry and breaker change once, in the runbook's words, and Polly would repeat every retry and
    /// timeout as a warning or an error of its own.
    /// </summary>
    public static void UsePollyMetricsOnly(this ResiliencePipelineBuilderBase builder, IServiceProvider services) =>
        builder.ConfigureTelemetry(new TelemetryOptions(services.GetRequiredService<IOptions<TelemetryOptions>>().Value)
        {
            LoggerFactory = NullLoggerFactory.Instance,
        });
}
