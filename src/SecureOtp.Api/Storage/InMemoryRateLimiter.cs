using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Storage;

/// <summary>The Development twin of <see cref="RedisRateLimiter"/>: the same sliding-window logs, in process, behind one
/// lock, all or nothing as <c>ratelimits.lua</c> on one server.</summary>
internal sealed class InMemoryRateLimiter : IRateLimiter
{
    private readonly Lock gate = new();
    private readonly SlidingWindowLogs logs = new();

    public Task<LimitDecision> AcquireAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            LimitDecision.Refused? refused = null;
            var recorded = new List<LimitCheck>();
            foreach (var check in checks)
            {
                var (counted, wait) = logs.Check(check.Key, now, check.Window, check.Limit, check.Member, check.Distinct);
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

            foreach (var check in recorded)
            {
                logs.Record(check.Key, now, check.Member);
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
                logs.Remove(check.Key, check.Member);
            }
        }
    }
}
