using System.Diagnostics;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>
/// The standard OTEL_* variables, pointed at a receiver for as long as this lives (and cleared after). They are
/// process-wide: tests that use them are [NonParallelizable], and the service reads them when it is built.
/// </summary>
public sealed class OtlpEnvironment : IDisposable
{
    public const string ServiceName = "secureotp-e2e";

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = ServiceName,
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.region=test-1",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
    };

    private OtlpEnvironment(string endpoint) => Set(endpoint);

    public static OtlpEnvironment PointAt(OtlpReceiver receiver) => new(receiver.Endpoint.ToString().TrimEnd('/'));

    public void Dispose() => Set(null);

    private static void Set(string? endpoint)
    {
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        foreach (var (key, value) in Variables)
        {
            Environment.SetEnvironmentVariable(key, endpoint is null ? null : value);
        }
    }

    /// <summary>Polls (the exporters batch every 100–200 ms) until <paramref name="condition"/> holds or 20 s pass.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }
    }
}
