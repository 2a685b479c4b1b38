using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Health;

internal static class SettingsFileCheck
{
    /// <summary>
    /// ASP.NET Core reads appsettings.json from the content root, which defaults to the working directory, not the
    /// binary's folder. Started from elsewhere, the service silently loses its settings — including the log levels that
    /// keep per-request framework logging off, which once cost a benchmark a third of its throughput. Say so loudly.
    /// </summary>
    public static void WarnWhenSettingsFileIsMissing(this WebApplication app)
    {
        var contentRoot = app.Environment.ContentRootPath;
        if (!File.Exists(Path.Combine(contentRoot, "appsettings.json")))
        {
            Log.SettingsFileMissing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SecureOtp.Api.Startup"), contentRoot);
        }
    }
}
