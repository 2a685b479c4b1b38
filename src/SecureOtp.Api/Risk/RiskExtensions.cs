using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Storage;

namespace SecureOtp.Api.Risk;

internal static class RiskExtensions
{
    /// <summary>Rate limits and geo permissions (the store-backed limiter follows the OTP store's choice of Redis or in-process).</summary>
    public static void AddRisk(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LimitOptions>, LimitOptionsValidator>();
        builder.Services.AddGeoPermissions();
        builder.Services.AddSingleton<AbuseLimits>();
        builder.Services.AddSimSwap();
        builder.Services.AddSingleton<IRateLimiter>(sp =>
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.UsesInProcessStore
                ? new InMemoryRateLimiter()
                : ActivatorUtilities.CreateInstance<RedisRateLimiter>(sp));
    }
}
