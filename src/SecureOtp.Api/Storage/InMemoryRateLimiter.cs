using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Storage;

/// <summary>The Development twin of <see cref="RedisRateLimiter"/>: the same sliding-window logs and bucketed counters, in
/// process, behind one lock, all or nothing as <c>ratelimits.lua</c> on one server, and given back as
/// <c>limits_release.lua</c> and <c>counter_release.lua</c> do.</summary>
internal sealed class InMemoryRateLimiter : IRateLimiter
{
    private readonly Lock gate = new();
    private readonly SlidingWindowLogs logs = new();
    private readonly SlidingCounters counters = new();

    public Task<LimitDecision> AcquireAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // Each log keeps what its longest window needs; trimmed once, before any limit reads it.
            var keep = checks.Where(c => !c.Bucketed).GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(log => log.Key, log => log.Max(c => c.Window), StringComparer.Ordinal);
            foreach (var (key, longest) in keep)
            {
                logs.Trim(key, now, longest);
            }

            LimitDecision.Refused? refused = null;
            var recorded = new List<LimitCheck>();
            foreach (var check in checks)
            {
                var (counted, wait) = check.Bucketed
                    ? (true, counters.Check(check.Key, now, check.Window, check.BucketWidth, check.Limit))
                    : logs.Check(check.Key, now, check.Window, check.Limit, check.Member, check.Distinct, check.Among);
                if (wait is { } retryAfter && (refused is null || retryAfter > refused.RetryAfter))
                {
                    refused = new LimitDecision.Refused(check.Name, retryAfter);
                }

                if (counted)
                {
                    recorded.Add(check);
                }
            }

            if (refused is not null)
            {
                return Task.FromResult<LimitDecision>(refused);
            }

            foreach (var counter in recorded.Where(c => c.Bucketed))
            {
                counters.Record(counter.Key, now, counter.Window, counter.BucketWidth);
            }

            foreach (var log in recorded.Where(c => !c.Bucketed).GroupBy(c => c.Key, StringComparer.Ordinal))
            {
                logs.Record(log.Key, now, log.First().Member);
            }

            return Task.FromResult<LimitDecision>(new LimitDecision.Admitted(LimitCheck.CountedAtTime(recorded, now)));
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
            foreach (var counted in recorded.Where(c => c is { Bucketed: true, CountedAt: not null }))
            {
                counters.GiveBack(counted.Key, counted.Member, counted.CountedAt!.Value, counted.BucketWidth);
            }

            foreach (var entry in recorded.Where(c => !c.Bucketed).GroupBy(c => (c.Key, c.Member)))
            {
                if (entry.All(c => c.GivesBackAlone))
                {
                    logs.GiveBack(entry.Key.Key, entry.Key.Member);
                }
                else
                {
                    logs.Remove(entry.Key.Key, entry.Key.Member);
                }
            }
        }
    }

    /// <summary>Drops one whole log or counter (the warm-up's own budgets only).</summary>
    public void Forget(string key)
    {
        lock (gate)
        {
            logs.Forget(key);
            counters.Forget(key);
        }
    }
}
