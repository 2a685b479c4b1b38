using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Storage.Scripts;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// <see cref="IRateLimiter"/> on Redis. Each limit's key lives in its own cluster slot (a phone's budget is shared by
/// every user who texts it). On one server (standalone or Sentinel) all the limits of a request go to one
/// <c>ratelimits.lua</c> call, all or nothing. On a cluster, one <c>ratelimits.lua</c> call per log (with every limit that
/// reads it: a number's cooldown, hour and day decide and record together), all sent at once (one round trip in
/// practice) — not one transaction, so if one refuses, the entries the others recorded are removed again (each entry
/// has a unique member, so exactly those go; a bucketed counter takes one off the bucket the request went into, once).
/// <para>
/// A call that times out may still run when a stalled Redis resumes, after its request was answered 503: its entries
/// are then removed by <see cref="StoreCleanup"/>, as are entries whose giving back failed.
/// </para>
/// </summary>
internal sealed class RedisRateLimiter(RedisCalls redis, StoreCleanup cleanup, IOptions<RedisOptions> options) : IRateLimiter
{
    /// <summary>What <see cref="StoreCleanup"/> counts these undos as.</summary>
    private const string LimitsUndo = "limits";

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    /// <summary>The multiplexer last seen connected, and whether it talks to one standalone server (a multiplexer's
    /// servers do not change kind: a Sentinel failover moves the same multiplexer to another standalone server).</summary>
    private volatile Topology? topology;

    public async Task<LimitDecision> AcquireAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return new LimitDecision.Admitted([]);
        }

        (LimitDecision Decision, IReadOnlyList<LimitCheck> ToRelease) result;
        try
        {
            result = await redis.RunAsync("ratelimit", database => checks.Count > 1 && OnOneServer(database)
                ? AcquireInOneScriptAsync(database, checks, now)
                : AcquirePerKeyAsync(database, checks, now), cancellationToken);
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            ReleaseAfterStall(checks, now);
            throw;
        }

        await ReleaseAsync(result.ToRelease, cancellationToken);
        return result.Decision;
    }

    /// <summary>For a call that may still run after its request was answered 503: its entries go once Redis answers again.
    /// A distinct-mode member (the prefix brake's hash of the number) may have been there before this request: it is not
    /// this request's to remove. Left, it makes a retry to the same number free. A counter takes one off the bucket of
    /// <paramref name="now"/>, once (should the call never run, that is another request's count: never below 0).</summary>
    public void ReleaseAfterStall(IReadOnlyList<LimitCheck> checks, DateTimeOffset now) =>
        ReleaseLater(LimitCheck.CountedAtTime([.. checks.Where(c => !c.Distinct)], now));

    /// <summary>ratelimits.lua's KEYS and ARGV for <paramref name="checks"/> (another script may run it first, see
    /// <see cref="LuaScripts.LimitedAttempt"/>).</summary>
    public (RedisKey[] Keys, RedisValue[] Arguments) OneScriptCall(IReadOnlyList<LimitCheck> checks, DateTimeOffset now)
    {
        var limitKeys = new RedisKey[checks.Count];
        var arguments = new RedisValue[1 + (4 * checks.Count)];
        arguments[0] = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < checks.Count; i++)
        {
            var c = checks[i];
            limitKeys[i] = keys.Limit(c.Key);
            arguments[1 + (4 * i)] = (long)c.Window.TotalMilliseconds;
            arguments[2 + (4 * i)] = c.Limit;
            arguments[3 + (4 * i)] = c.Member;
            arguments[4 + (4 * i)] = Mode(c);
        }

        return (limitKeys, arguments);
    }

    /// <summary>ratelimits.lua's mode of a limit: '1' distinct, '=' + prefix a cooldown, '#' + width a bucketed counter,
    /// '0' every entry of a log.</summary>
    private static string Mode(LimitCheck c) =>
        c.Bucketed ? "#" + ((long)c.BucketWidth.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : c.Distinct ? "1" : c.Among is { } among ? "=" + among : "0";

    /// <summary>ratelimits.lua's refusal <c>{Refused, i, retryAfterMs}</c>, as a decision.</summary>
    public static LimitDecision.Refused Refusal(IReadOnlyList<LimitCheck> checks, RedisResult[] reply) =>
        new(checks[(int)reply[1] - 1].Name, TimeSpan.FromMilliseconds((long)reply[2]));

    /// <summary>All or nothing in one script: a refusal records nothing, so nothing is left to release.</summary>
    private async Task<(LimitDecision Decision, IReadOnlyList<LimitCheck> ToRelease)> AcquireInOneScriptAsync(
        IDatabase database, IReadOnlyList<LimitCheck> checks, DateTimeOffset now)
    {
        var (limitKeys, arguments) = OneScriptCall(checks, now);
        var reply = (RedisResult[])(await database.EvaluateAsync(LuaScripts.RateLimits, limitKeys, arguments))!;
        if ((int)reply[0] == RateLimitsReply.Refused)
        {
            return (Refusal(checks, reply), []);
        }

        return (new LimitDecision.Admitted(Recorded(checks, reply, now)), []);
    }

    /// <summary>ratelimits.lua's admission <c>{Admitted, r1 … rn}</c>: the checks whose entry it recorded (a distinct-mode member
    /// already in its window is not), each counter's <see cref="LimitCheck.CountedAt"/> <paramref name="now"/>.</summary>
    public static IReadOnlyList<LimitCheck> Recorded(IReadOnlyList<LimitCheck> checks, RedisResult[] admission, DateTimeOffset now)
    {
        var recorded = new List<LimitCheck>(checks.Count);
        for (var i = 0; i < checks.Count; i++)
        {
            if ((int)admission[1 + i] == RateLimitsReply.Recorded)
            {
                recorded.Add(checks[i]);
            }
        }

        return LimitCheck.CountedAtTime(recorded, now);
    }

    /// <summary>One script per log (each alone in its slot, with every limit that reads it), sent together; on a refusal,
    /// the entries the others recorded are to be released.</summary>
    private async Task<(LimitDecision Decision, IReadOnlyList<LimitCheck> ToRelease)> AcquirePerKeyAsync(
        IDatabase database, IReadOnlyList<LimitCheck> checks, DateTimeOffset now)
    {
        var logs = checks.GroupBy(c => c.Key, StringComparer.Ordinal).Select(log => log.ToList()).ToList();
        var replies = await Task.WhenAll(logs.Select(log =>
        {
            var (limitKeys, arguments) = OneScriptCall(log, now);
            return database.EvaluateAsync(LuaScripts.RateLimits, limitKeys, arguments);
        }));

        var recorded = new List<LimitCheck>();
        LimitDecision.Refused? refused = null;
        for (var i = 0; i < logs.Count; i++)
        {
            var check = logs[i];
            var reply = (RedisResult[])replies[i]!;
            if ((int)reply[0] == RateLimitsReply.Refused)
            {
                var refusal = Refusal(check, reply);
                refused = refused is null || refusal.RetryAfter > refused.RetryAfter ? refusal : refused;
            }
            else
            {
                recorded.AddRange(Recorded(check, reply, now));
            }
        }

        return refused is null ? (new LimitDecision.Admitted(recorded), []) : (refused, recorded);
    }

    public async Task ReleaseAsync(IReadOnlyList<LimitCheck> recorded, CancellationToken cancellationToken)
    {
        if (recorded.Count == 0)
        {
            return;
        }

        await cleanup.RunOrQueueAsync(LimitsUndo, stopping => RemoveAsync(recorded, stopping), cancellationToken);
    }

    public void ReleaseLater(IReadOnlyList<LimitCheck> recorded)
    {
        if (recorded.Count > 0)
        {
            cleanup.Queue(LimitsUndo, stopping => RemoveAsync(recorded, stopping));
        }
    }

    /// <summary>Gives back exactly these entries (by their members), one call per log (each its own slot); one that is not
    /// there changes nothing. A log's entry goes unless only cooldowns name it (a failed text's receipt): then only the
    /// cooldowns give it back (limits_release.lua). A counter takes one off the bucket the request went into, once
    /// (counter_release.lua).</summary>
    private Task<RedisResult[]> RemoveAsync(IReadOnlyList<LimitCheck> recorded, CancellationToken cancellationToken) =>
        redis.RunAsync("ratelimit_release", database => Task.WhenAll(
            recorded.Where(c => !c.Bucketed).GroupBy(c => (c.Key, c.Member)).Select(entry => database.EvaluateAsync(LuaScripts.LimitsRelease,
                [keys.Limit(entry.Key.Key)], [entry.Key.Member, entry.All(c => c.GivesBackAlone) ? "cooldown" : "all"]))
            .Concat(recorded.Where(c => c is { Bucketed: true, CountedAt: not null }).Select(c => database.EvaluateAsync(LuaScripts.CounterRelease,
                [keys.Limit(c.Key), keys.LimitGivenBack(c.Key)],
                [c.Member, c.CountedAt!.Value.ToUnixTimeMilliseconds(), (long)c.Window.TotalMilliseconds, (long)c.BucketWidth.TotalMilliseconds])))),
            cancellationToken);

    /// <summary>True when every key is on one standalone server, so one script may touch them all; false on a cluster
    /// (or a proxy), and while no server is connected yet (the per-key path works everywhere).</summary>
    public bool OnOneServer(IDatabase database)
    {
        var multiplexer = database.Multiplexer;
        var known = topology;
        if (known is not null && ReferenceEquals(known.Multiplexer, multiplexer))
        {
            return known.Standalone;
        }

        foreach (var endPoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endPoint);
            if (server.IsConnected)
            {
                var standalone = server.ServerType == ServerType.Standalone;
                topology = new Topology(multiplexer, standalone);
                return standalone;
            }
        }

        return false;
    }

    private sealed record Topology(IConnectionMultiplexer Multiplexer, bool Standalone);
}
