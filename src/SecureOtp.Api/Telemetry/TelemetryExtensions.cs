using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SecureOtp.Api.Telemetry;

/// <summary>
/// OpenTelemetry export, configured only by the standard <c>OTEL_*</c> environment variables. With no
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> nothing is set up, so nothing is exported and nothing complains. The SDK's
/// providers are owned by a hosted service that flushes and disposes them when the host stops
/// (OpenTelemetry.Extensions.Hosting, which would do this, is not available here).
/// </summary>
internal static class TelemetryExtensions
{
    /// <summary>Built-in .NET 10 sources and meters, subscribed by name (the instrumentation packages are not needed).</summary>
    private static readonly string[] ActivitySources = [SecureOtpTelemetry.Name, "Microsoft.AspNetCore", "System.Net.Http"];

    private static readonly string[] Meters =
        [SecureOtpTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
         "System.Net.Http", "System.Runtime"];

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        // service.name from OTEL_SERVICE_NAME (default "secureotp"), extra attributes from OTEL_RESOURCE_ATTRIBUTES.
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? "secureotp";
        var version = typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var environment = builder.Environment.EnvironmentName;
        void Describe(ResourceBuilder resource) => resource
            .AddService(serviceName, serviceVersion: version, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}")
            .AddAttributes([new("deployment.environment.name", environment), new("deployment.environment", environment)])
            .AddEnvironmentVariableDetector();

        var resource = ResourceBuilder.CreateDefault();
        Describe(resource);
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(ActivitySources).AddOtlpExporter().Build();
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters).AddOtlpExporter().Build();
        builder.Services.AddHostedService(_ => new TelemetryLifetime(tracing, metrics));

        builder.Logging.AddOpenTelemetry(logging =>
        {
            var logResource = ResourceBuilder.CreateDefault();
            Describe(logResource);
            logging.SetResourceBuilder(logResource);
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
            logging.AddOtlpExporter();
        });
    }

    /// <summary>Flushes what is buffered when the host stops, then releases the exporters (once, even if stopped twice).</summary>
    private sealed class TelemetryLifetime(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        private int stopped;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref stopped, 1) == 1)
            {
                return Task.CompletedTask;
            }

            tracing.ForceFlush(2000);
            metrics.ForceFlush(2000);
            DisposeQuietly(tracing);
            DisposeQuietly(metrics);
            return Task.CompletedTask;
        }

        /// <summary>Telemetry must never break a shutdown: the SDK has been seen to throw from Dispose while a batch is in flight.</summary>
        private static void DisposeQuietly(IDisposable provider)
        {
            try
            {
                provider.Dispose();
            }
            catch (Exception e) when (e is NullReferenceException or ObjectDisposedException or InvalidOperationException)
            {
                // Already flushed above; nothing more is lost.
            }
        }
    }
}
