using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Totp;

namespace SecureOtp.Api.Storage;

internal static class StorageExtensions
{
    /// <summary>The OTP store, the TOTP store and the rate limiter, the interfaces the domain owns (<see cref="IOtpStore"/>
    /// in Otp, <see cref="ITotpStore"/> in Totp, <see cref="IRateLimiter"/> in Risk.Limits): Redis when <c>Redis:Configuration</c> is set; in-process otherwise (Development only,
    /// enforced at start-up by <see cref="RedisOptionsValidator"/>).</summary>
    public static void AddOtpStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<RedisCalls>();
        builder.Services.AddSingleton<StoreCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreCleanup>());
        builder.Services.AddHostedService<RedisConnection.Warmup>();
        builder.Services.AddSingleton<InMemoryFailedVerifies>();
        builder.Services.AddSingleton<ITotpStore>(sp =>
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.UsesInProcessStore
                ? ActivatorUtilities.CreateInstance<InMemoryTotpStore>(sp)
                : ActivatorUtilities.CreateInstance<RedisTotpStore>(sp));

        // In process, one store keeps both, so a failed text's cooldown is lifted under the same lock that records the failure.
        builder.Services.AddSingleton<IDeliveryStore>(sp => sp.GetRequiredService<IOtpStore>() as InMemoryOtpStore
            ?? (IDeliveryStore)ActivatorUtilities.CreateInstance<RedisDeliveryStore>(sp));

        builder.Services.AddSingleton<IRouteHealthStore>(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value.UsesInProcessStore
            ? ActivatorUtilities.CreateInstance<InMemoryRouteHealthStore>(sp)
            : ActivatorUtilities.CreateInstance<RedisRouteHealthStore>(sp));

        // The store gets the limiter of its own kind: a verify's limits go into the attempt's own round trip.
        builder.Services.AddSingleton<IRateLimiter>(sp =>
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.UsesInProcessStore
                ? new InMemoryRateLimiter()
                : ActivatorUtilities.CreateInstance<RedisRateLimiter>(sp));
        builder.Services.AddSingleton<IOtpStore>(sp =>
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.UsesInProcessStore
                ? ActivatorUtilities.CreateInstance<InMemoryOtpStore>(sp)
                : ActivatorUtilities.CreateInstance<RedisOtpStore>(sp, (RedisRateLimiter)sp.GetRequiredService<IRateLimiter>()));
    }
}
