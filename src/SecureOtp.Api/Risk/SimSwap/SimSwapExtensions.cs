using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace SecureOtp.Api.Risk.SimSwap;

internal static class SimSwapExtensions
{
    /// <summary>
    /// <c>Risk:SimSwap:*</c> bound and validated at start-up, the provider clients, the resilience pipeline (with a
    /// breaker of its own), and <see cref="SimSwapCheck"/>.
    /// </summary>
    public static void AddSimSwap(this IServiceCollection services)
    {
        services.AddOptions<SimSwapOptions>().BindConfiguration(SimSwapOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimSwapOptions>, SimSwapOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // Polly owns every timeout; the HttpClient's own would only race it.
        services.AddHttpClient(CamaraSimSwapClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(NewHandler);
        services.AddHttpClient(CamaraTokenSource.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(NewHandler);

        services.AddSingleton<SimSwapCache>();
        services.AddSingleton<CamaraTokenSource>();
        services.AddSingleton<CamaraSimSwapClient>();
        services.AddSingleton<VonageJwtSigner>();
        services.AddSingleton<VonageSimSwapClient>();
        services.AddSimSwapResiliencePipeline();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SimSwapOptions>>().Value;
            ISimSwapProvider? provider = options.Provider switch
            {
                SimSwapProviderKind.Camara => sp.GetRequiredService<CamaraSimSwapClient>(),
                SimSwapProviderKind.Vonage => sp.GetRequiredService<VonageSimSwapClient>(),
                _ => null,
            };
            return new SimSwapCheck(options, provider, sp.GetRequiredService<ResiliencePipelineProvider<string>>(),
                sp.GetRequiredService<SimSwapCache>(), sp.GetRequiredService<ILogger<SimSwapCheck>>());
        });
    }

    private static SocketsHttpHandler NewHandler() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
    };
}
