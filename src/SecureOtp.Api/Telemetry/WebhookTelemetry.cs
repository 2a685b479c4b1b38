using System.Diagnostics.Metrics;

namespace SecureOtp.Api.Telemetry;

/// <summary>The webhook dispatcher's metrics, on the service's meter (<c>SecureOtp</c>); tenants are configured names,
/// so the <c>tenant</c> label stays bounded. docs/operations.md lists them.</summary>
internal static class WebhookTelemetry
{
    private static readonly Meter Meter = new(SecureOtpTelemetry.Name, typeof(WebhookTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Event age at delivery: a first try lands in seconds, retries stretch to the 24 h retry age.</summary>
    private static readonly InstrumentAdvice<double> LagBuckets = new()
    {
        HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
    };

    public static readonly Counter<long> Delivered =
        Meter.CreateCounter<long>("secureotp.webhooks.delivered", "{event}", "Webhook events the tenant's endpoint accepted (2xx), by tenant and type.");

    public static readonly Counter<long> Failed =
        Meter.CreateCounter<long>("secureotp.webhooks.failed", "{attempt}",
            "Webhook delivery attempts that failed and will be retried, by tenant and reason (http_<status>, timeout, connection).");

    public static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("secureotp.webhooks.dropped", "{event}",
            "Webhook events given up, by tenant and reason (max_retry_age: retried for Webhooks:MaxRetryAge; unreadable: its subject no longer opens).");

    public static readonly Histogram<double> Lag =
        Meter.CreateHistogram("secureotp.webhooks.lag", "s", "From an event to its delivery, retries included, by tenant.", tags: null, advice: LagBuckets);

    public static readonly UpDownCounter<long> DisabledEndpoints =
        Meter.CreateUpDownCounter<long>("secureotp.webhooks.disabled_endpoints", "{endpoint}",
            "Tenant endpoints this replica stopped delivering to after a 410 Gone (until restart), by tenant.");
}
