using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Totp;
using SecureOtp.Api.Webhooks;

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

        // Each store is registered as itself, so a store takes the limiter of its own kind by type (a verify's limits go
        // into the attempt's own round trip), and in process one store keeps verifications and deliveries both, so a
        // failed text's cooldown is lifted under the same lock that records the failure.
        builder.Services.AddOfStoreKind<ITotpStore, InMemoryTotpStore, RedisTotpStore>();
        builder.Services.AddOfStoreKind<IRateLimiter, InMemoryRateLimiter, RedisRateLimiter>();
        builder.Services.AddOfStoreKind<IOtpStore, InMemoryOtpStore, RedisOtpStore>();
        builder.Services.AddOfStoreKind<IDeliveryStore, InMemoryOtpStore, RedisDeliveryStore>();
        builder.Services.AddOfStoreKind<IChannelTimeouts, InMemoryChannelTimeouts, RedisChannelTimeouts>();
        builder.Services.AddOfStoreKind<IRouteHealthStore, InMemoryRouteHealthStore, RedisRouteHealthStore>();
        builder.Services.AddOfStoreKind<IWebhookEventStore, NoWebhookEventStore, RedisWebhookEventStore>();
        builder.Services.AddOfStoreKind<IWarmUpTraces, InMemoryWarmUpTraces, RedisWarmUpTraces>();
        builder.Services.AddWebhookEventRecording();
    }

    /// <summary><typeparamref name="TService"/> as the in-process or the Redis implementation, each one singleton of its
    /// own type, created only when the configured store is of its kind.</summary>
    /// <remarks>The container finds the two implementations' constructors by reflection: the annotations keep them in a
    /// trimmed (Native AOT) build, which otherwise removed them and failed every request (benchmarks/results/aot.md).</remarks>
    private static void AddOfStoreKind<TService,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TInProcess,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRedis>(this IServiceCollection services)
        where TService : class
        where TInProcess : class, TService
        where TRedis : class, TService
    {
        services.TryAddSingleton<TInProcess>();
        services.TryAddSingleton<TRedis>();
        services.AddSingleton<TService>(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value.UsesInProcessStore
            ? sp.GetRequiredService<TInProcess>()
            : sp.GetRequiredService<TRedis>());
    }
}
