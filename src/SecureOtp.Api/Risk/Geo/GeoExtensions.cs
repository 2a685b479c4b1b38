using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.Geo;

internal static class GeoExtensions
{
    /// <summary><c>Risk:AllowedCountryCodes</c>, <c>Risk:DeniedPrefixes</c> and <c>Risk:DeniedNumberTypes</c>, checked at start.</summary>
    public static IServiceCollection AddGeoPermissions(this IServiceCollection services)
    {
        services.AddOptions<GeoOptions>().BindConfiguration(GeoOptions.Section)
            .Configure<IConfiguration>(KeepEmptyDeniedNumberTypes).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GeoOptions>, GeoOptionsValidator>();
        services.AddHostedService<MetadataWarmup>();
        return services.AddSingleton<GeoPermissions>();
    }

    /// <summary>
    /// An empty list (<c>"DeniedNumberTypes": []</c> in JSON, <c>Risk__DeniedNumberTypes=</c> in the environment) reaches
    /// configuration as an empty value, which the binder skips, leaving null: "the default". Configured empty means
    /// "deny none", as one blank entry does.
    /// </summary>
    private static void KeepEmptyDeniedNumberTypes(GeoOptions options, IConfiguration configuration)
    {
        if (options.DeniedNumberTypes is null
            && configuration.GetSection(GeoOptions.Section).GetSection(nameof(GeoOptions.DeniedNumberTypes)).Value == "")
        {
            options.DeniedNumberTypes = [];
        }
    }

    /// <summary>
    /// Loads libphonenumber's metadata and compiles a region's patterns when the host starts: 0.1-0.5 s once per process
    /// that the first send would otherwise wait for.
    /// </summary>
    private sealed class MetadataWarmup : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = CanonicalPhone.Of("+447400123456").Destination.Type;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
