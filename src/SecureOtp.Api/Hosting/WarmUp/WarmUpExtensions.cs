using SecureOtp.Api.Health;

namespace SecureOtp.Api.Hosting.WarmUp;

internal static class WarmUpExtensions
{
    /// <summary>The warm-up before readiness (<c>Hosting:WarmUp:*</c>); its gate joins the readiness checks. It runs the
    /// send and verify paths, so Program.cs adds it after the features (unlike the service defaults, it needs them).</summary>
    public static void AddWarmUp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WarmUpOptions>().BindConfiguration(WarmUpOptions.Section);
        services.AddSingleton<WarmUpGate>();
        services.AddSingleton<WarmUpRecords>();
        services.AddSingleton<PipelineCapture>();
        services.AddSingleton<IStartupFilter>(sp => sp.GetRequiredService<PipelineCapture>());
        services.AddHostedService<WarmUpService>();
        services.AddHealthChecks().AddCheck<WarmUpCheck>("warm-up", tags: [HealthExtensions.ReadyTag]);
    }
}
