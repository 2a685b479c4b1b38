using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Hosting;

/// <summary><c>Hosting:*</c>: how the service leaves a rolling update without cutting a request.</summary>
internal sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>
    /// After SIGTERM, how long to keep serving while readiness already answers 503, so load balancers and Kubernetes
    /// endpoints stop routing here before the listener closes.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long in-flight requests may take to finish once the listener stops (keep drain + this under the pod's grace period).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Shutdown in the order a rolling update needs: ApplicationStopping fires first (the readiness check turns 503 at once),
/// then this waits <see cref="HostingOptions.DrainDelay"/> while Kestrel still serves, then the host stops the server,
/// which lets in-flight requests finish within the shutdown timeout.
/// </summary>
internal sealed class ShutdownDrain(IOptions<HostingOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    /// <summary>The drain, and a host shutdown timeout long enough for it plus the in-flight requests.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section);
        services.AddHostedService<ShutdownDrain>();
        services.AddOptions<HostOptions>().Configure<IOptions<HostingOptions>>((host, hosting) =>
            host.ShutdownTimeout = hosting.Value.DrainDelay + hosting.Value.ShutdownTimeout);
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        Log.Draining(logger, delay.TotalSeconds);
        return Task.Delay(delay, time, CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
