using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SecureOtp.Api.Telemetry;

/// <summary>
/// OpenTelemetry through OpenTelemetry.Extensions.Hosting (the host starts the providers, and flushes and disposes them
/// when it stops), configured only by the standard <c>OTEL_*</c> variables.
/// </summary>
internal static class TelemetryExtensions
{
    /// <summary>Polly's meter: resilience.polly.* for the SMS and SIM-swap pipelines (see <see cref="ResilienceTelemetry"/>).</summary>
    private const string PollyMeter = "Polly";

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        // No endpoint, no SDK: UseOtlpExporter would send to localhost:4317 and complain every few seconds, and providers
        // without an exporter would only record spans and points nobody receives (≈0.5 KB more allocated per request).
        // ASP.NET Core still starts its request activity, so provider calls still carry the caller's traceparent.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        var environment = builder.Environment.EnvironmentName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("secureotp", serviceVersion: Version, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}")
                .AddAttributes([new("deployment.environment.name", environment), new("deployment.environment", environment)])

                // Last, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the defaults above.
                .AddEnvironmentVariableDetector())

            // Our ActivitySource and Meter, and Polly's meter, come from no instrumentation package: the SDK listens only
            // to what is named.
            // Health probes are filtered out of tracing where they are mapped (Health/).
            .WithTracing(tracing => tracing
                .AddSource(SecureOtpTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SecureOtpTelemetry.Name)
                .AddMeter(PollyMeter)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = false;
            })
            .UseOtlpExporter();
    }

    private static string Version => typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
