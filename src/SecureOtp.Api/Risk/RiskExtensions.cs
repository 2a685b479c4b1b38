using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;

namespace SecureOtp.Api.Risk;

internal static class RiskExtensions
{
    /// <summary>Rate limits, geo permissions and the SIM-swap check. The limiter itself (<see cref="IRateLimiter"/>) is
    /// implemented and registered by Storage, beside the OTP store.</summary>
    public static void AddRisk(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LimitOptions>, LimitOptionsValidator>();
        builder.Services.AddGeoPermissions();
        builder.Services.AddSingleton<AbuseLimits>();
        builder.Services.AddOptions<WriteLimitOptions>().BindConfiguration(LimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WriteLimitOptions>, WriteLimitOptionsValidator>();
        builder.Services.AddSingleton<WriteLimits>();
        builder.Services.AddSimSwap();
    }
}
