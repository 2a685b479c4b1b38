using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Storage;

/// <summary>The Development twin of <see cref="RedisRateLimiter"/>: the same sliding-window logs, in process, behind one lock.</summary>
internal sealed class InMemoryRateLimiter : IRateLimiter
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<(DateTimeOffset At, string Member)>> logs = new(StringComparer.Ordinal);

    public Task<LimitDecision> AcquireAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            LimitDecision.Refused? refused = null;
            foreach (var check in checks)
            {
                var log = Log(check, now);
                if (check.Distinct && log.Exists(e => e.Member == check.Member))
                {
                    continue;
                }

                if (log.Count >= check.Limit)
                {
                    var wait = log[log.Count - check.Limit].At + check.Window - now;
                    refused = refused is null || wait > refused.RetryAfter ? new LimitDecision.Refused(check.Name, wait) : refused;
                }
            }

            if (refused is not null)
            {
                return Task.FromResult<LimitDecision>(refused);
            }

            var recorded = new List<LimitCheck>();
            foreach (var check in checks)
            {
                var log = logs[check.Key];
                if (!(check.Distinct && log.Exists(e => e.Member == check.Member)))
                {
                    log.Add((now, check.Member));
                    recorded.Add(check);
                }
            }

            return Task.FromResult<LimitDecision>(new LimitDecision.Admitted(recorded));
        }
    }

    public Task ReleaseAsync(IReadOnlyList<LimitCheck> recorded, CancellationToken cancellationToken)
    {
        ReleaseLater(recorded);
        return Task.CompletedTask;
    }

    /// <summary>The in-process store never stalls: giving back later is giving back now.</summary>
    public void ReleaseLater(IReadOnlyList<LimitCheck> recorded)
    {
        lock (gate)
        {
            foreach (var check in recorded)
            {
                if (logs.TryGetValue(check.Key, out var log))
                {
                    log.RemoveAll(e => e.Member == check.Member);
                }
            }
        }
    }

    /// <summary>The key's log with entries that have left the window dropped (an entry at t leaves at t + window).</summary>
    private List<(DateTimeOffset At, string Member)> Log(LimitCheck check, DateTimeOffset now)
    {
        if (!logs.TryGetValue(check.Key, out var log))
        {
            logs[check.Key] = log = [];
        }

        log.RemoveAll(e => e.At + check.Window <= now);
        log.Sort((a, b) => a.At.CompareTo(b.At));
        return log;
    }
}
