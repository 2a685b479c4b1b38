using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Hosting;

/// <summary>
/// ASP.NET Core reads appsettings.json from the content root, which defaults to the working directory, not the
/// binary's folder. Started from elsewhere, the service silently loses its settings — including the log levels that
/// keep per-request framework logging off, which once cost a benchmark a third of its throughput. Say so loudly, once, at start.
/// </summary>
internal sealed class SettingsFileCheck(IHostEnvironment environment, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var contentRoot = environment.ContentRootPath;
        if (!File.Exists(Path.Combine(contentRoot, "appsettings.json")))
        {
            Log.SettingsFileMissing(loggers.CreateLogger("SecureOtp.Api.Startup"), contentRoot);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
