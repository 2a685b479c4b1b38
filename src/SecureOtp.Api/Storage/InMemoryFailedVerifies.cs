using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Development stores' failed-verify log per user (the NIST cap), shared by the SMS and TOTP stores as the Redis
/// scripts share one sorted set, and the one lock both stores take for every operation, so a check-and-count stays
/// atomic across the two factors as it is in Redis.
/// </summary>
internal sealed class InMemoryFailedVerifies
{
    private readonly Dictionary<string, List<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    /// <summary>Held by both in-process stores around every operation.</summary>
    public Lock Gate { get; } = new();

    /// <summary>How long until the user may fail again, or null when under the cap. Call with <see cref="Gate"/> held.</summary>
    public TimeSpan? Refusal(string userTag, FailureCap cap, DateTimeOffset now)
    {
        if (!failures.TryGetValue(userTag, out var log))
        {
            return null;
        }

        log.RemoveAll(at => at + cap.Window <= now);
        if (log.Count < cap.Limit)
        {
            return null;
        }

        var blocking = log.Order().ElementAt(log.Count - cap.Limit);
        return blocking + cap.Window - now;
    }

    /// <summary>Counts one failed verify. Call with <see cref="Gate"/> held.</summary>
    public void Add(string userTag, DateTimeOffset now)
    {
        if (!failures.TryGetValue(userTag, out var log))
        {
            failures[userTag] = log = [];
        }

        log.Add(now);
    }
}
