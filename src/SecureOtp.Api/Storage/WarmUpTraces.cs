using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>The warm-up's keys deleted one by one (each is its own cluster slot, so one multi-key <c>DEL</c> could not
/// span them), pipelined in one burst.</summary>
internal sealed class RedisWarmUpTraces(RedisCalls redis, IOptions<RedisOptions> options) : IWarmUpTraces
{
    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public Task RemoveAsync(IReadOnlyCollection<VerificationSlot> users, IReadOnlyCollection<string> limitKeys, CancellationToken cancellationToken)
    {
        RedisKey[] names =
        [
            .. users.SelectMany(slot => new[] { keys.Record(slot), keys.FailedVerifies(slot) }),
            .. limitKeys.SelectMany(key => new[] { keys.Limit(key), keys.LimitGivenBack(key) }),
        ];
        return names.Length == 0
            ? Task.CompletedTask
            : redis.RunAsync("warm_up_remove", db => Task.WhenAll(names.Select(name => db.KeyDeleteAsync(name))), cancellationToken);
    }
}

/// <summary>The Development twin: the same records and logs dropped from the in-process stores.</summary>
internal sealed class InMemoryWarmUpTraces(InMemoryOtpStore store, InMemoryFailedVerifies failedVerifies, InMemoryRateLimiter limiter) : IWarmUpTraces
{
    public Task RemoveAsync(IReadOnlyCollection<VerificationSlot> users, IReadOnlyCollection<string> limitKeys, CancellationToken cancellationToken)
    {
        foreach (var slot in users)
        {
            store.Forget(slot);
            failedVerifies.Forget(slot.UserTag);
        }

        foreach (var key in limitKeys)
        {
            limiter.Forget(key);
        }

        return Task.CompletedTask;
    }
}
