using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Development stores' failed-verify log per user (the NIST cap), shared by the SMS and TOTP stores as the Redis
/// scripts share one sorted set. It has its own lock, taken inside each store's: a check against the cap, the attempt
/// and its count are one step across the two factors, as the two scripts on the user's slot are in Redis.
/// </summary>
internal sealed class InMemoryFailedVerifies
{
    private readonly Lock gate = new();
    private readonly SlidingWindowLogs failures = new();

    /// <summary>Runs <paramref name="attempt"/> unless the user is at the cap (then <paramref name="capped"/> with how
    /// long until they may fail again, and nothing runs). The attempt counts its failure with <see cref="Add"/>; no
    /// other attempt of the user's, by either factor, runs in between.</summary>
    public TOutcome Attempt<TOutcome>(string userTag, FailureCap cap, DateTimeOffset now, Func<TimeSpan, TOutcome> capped, Func<TOutcome> attempt)
    {
        lock (gate)
        {
            return Refusal(userTag, cap, now) is { } retryAfter ? capped(retryAfter) : attempt();
        }
    }

    /// <summary>How long until the user may fail again, or null when under the cap.</summary>
    public TimeSpan? Refusal(string userTag, FailureCap cap, DateTimeOffset now)
    {
        lock (gate)
        {
            failures.Trim(userTag, now, cap.Window);
            return failures.Check(userTag, now, cap.Window, cap.Limit).Wait;
        }
    }

    /// <summary>Counts one failed verify.</summary>
    public void Add(string userTag, DateTimeOffset now)
    {
        lock (gate)
        {
            failures.Record(userTag, now, UniqueMember.New());
        }
    }

    /// <summary>Drops one user's whole log (the warm-up's own users only).</summary>
    public void Forget(string userTag)
    {
        lock (gate)
        {
            failures.Forget(userTag);
        }
    }
}
