using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Instrumentation.AspNetCore;
using SecureOtp.Api.Otp;

namespace SecureOtp.Api.Health;

internal static class HealthExtensions
{
    public const string ReadyTag = "ready";
    private static readonly PathString Probes = new("/health");

    public static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("store", tags: [ReadyTag]);

        // Kubernetes probes every pod every few seconds: a server span per probe would flood the trace backend with
        // spans nobody reads. They stay in the http.server.* metrics, where a probe costs one increment.
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(o =>
            o.Filter = context => !context.Request.Path.StartsWithSegments(Probes));
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the store answers and we are not shutting down.
    /// Neither needs an API key.</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
    }
}

/// <summary>Fails while the store is unreachable or once shutdown has begun, so load balancers stop sending work.</summary>
internal sealed class ReadinessCheck(IOtpStore store, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("shutting down");
        }

        return await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("store unreachable");
    }
}
