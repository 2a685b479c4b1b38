using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// <see cref="IRateLimiter"/> on Redis: one <c>ratelimit.lua</c> call per limit, all sent at once (one round trip in
/// practice). Each key lives in its own cluster slot, so a set of limits is not one transaction: if one refuses, the
/// entries the others recorded are removed again (each entry has a unique member, so exactly those go).
/// </summary>
internal sealed class RedisRateLimiter(RedisConnection connection, IOptions<RedisOptions> options, TimeProvider time) : IRateLimiter
{
    private readonly RedisKeys keys = new(options.Value.KeyPrefix);
    private readonly TimeSpan timeout = options.Value.OperationTimeout;

    public async Task<LimitDecision> AcquireAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return new LimitDecision.Admitted([]);
        }

        var database = await Connect(cancellationToken);
        var replies = await Bounded("ratelimit", Task.WhenAll(checks.Select(c => database.ScriptEvaluateAsync(LuaScripts.RateLimit,
            [keys.Limit(c.Key)],
            [now.ToUnixTimeMilliseconds(), (long)c.Window.TotalMilliseconds, c.Limit, c.Member, c.Distinct ? "1" : "0"]))), cancellationToken);

        var recorded = new List<LimitCheck>();
        LimitDecision.Refused? refused = null;
        for (var i = 0; i < checks.Count; i++)
        {
            var reply = (RedisResult[])replies[i]!;
            if ((int)reply[0] == 0)
            {
                var wait = TimeSpan.FromMilliseconds((long)reply[1]);
                refused = refused is null || wait > refused.RetryAfter ? new LimitDecision.Refused(checks[i].Name, wait) : refused;
            }
            else if ((int)reply[1] == 1)
            {
                recorded.Add(checks[i]);
            }
        }

        if (refused is null)
        {
            return new LimitDecision.Admitted(recorded);
        }

        await ReleaseAsync(recorded, cancellationToken);
        return refused;
    }

    public async Task ReleaseAsync(IReadOnlyList<LimitCheck> recorded, CancellationToken cancellationToken)
    {
        if (recorded.Count == 0)
        {
            return;
        }

        var database = await Connect(cancellationToken);
        await Bounded("ratelimit_release", Task.WhenAll(recorded.Select(c => database.SortedSetRemoveAsync(keys.Limit(c.Key), c.Member))), cancellationToken);
    }

    private async Task<IDatabase> Connect(CancellationToken cancellationToken)
    {
        try
        {
            return await connection.GetDatabaseAsync(timeout, time, cancellationToken);
        }
        catch (RedisException e)
        {
            throw new StoreUnavailableException("Redis call failed.", e);
        }
    }

    private async Task<T> Bounded<T>(string operation, Task<T> call, CancellationToken cancellationToken)
    {
        using var span = RedisInstrumentation.Start(operation);
        try
        {
            return await call.WaitAsync(timeout, time, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            span.Failed(e);
            throw new StoreUnavailableException("Redis rate-limit call failed.", e);
        }
    }
}
