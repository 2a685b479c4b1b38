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

        // Timeouts, connection pooling and redirects: the service's outbound HTTP defaults (Hosting/).
        services.AddHttpClient(CamaraSimSwapClient.HttpClientName);
        services.AddHttpClient(CamaraTokenSource.HttpClientName);

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
}
