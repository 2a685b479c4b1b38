namespace SecureOtp.Api.Storage;

/// <summary>
/// The in-process twin of <c>Scripts/window.lua</c>: sliding-window logs by key, each entry a member and when it was
/// admitted; an entry admitted at t counts until t + window. Not thread-safe: its owner holds its own lock around every
/// call, as a script runs alone on its server.
/// </summary>
internal sealed class SlidingWindowLogs
{
    private readonly Dictionary<string, List<(DateTimeOffset At, string Member)>> logs = new(StringComparer.Ordinal);

    /// <summary>As <c>window_check</c>: drops the entries that have left the window, then answers whether a request
    /// counts (not when <paramref name="distinct"/> and <paramref name="member"/> is already in the window: a repeat is
    /// free) and the wait until one more fits under <paramref name="limit"/> (null when it fits now).</summary>
    public (bool Counted, TimeSpan? Wait) Check(
        string key, DateTimeOffset now, TimeSpan window, int limit, string? member = null, bool distinct = false)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            return (true, null);
        }

        log.RemoveAll(e => e.At + window <= now);
        if (distinct && log.Exists(e => e.Member == member))
        {
            return (false, null);
        }

        if (log.Count < limit)
        {
            return (true, null);
        }

        // One more fits once Count - limit + 1 entries have left; the last of those is at rank Count - limit.
        log.Sort((a, b) => a.At.CompareTo(b.At));
        return (true, log[log.Count - limit].At + window - now);
    }

    /// <summary>As <c>window_record</c>: records one entry.</summary>
    public void Record(string key, DateTimeOffset now, string member)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            logs[key] = log = [];
        }

        log.Add((now, member));
    }

    /// <summary>Removes the entries of <paramref name="member"/> (a limit given back); none there changes nothing.</summary>
    public void Remove(string key, string member)
    {
        if (logs.TryGetValue(key, out var log))
        {
            log.RemoveAll(e => e.Member == member);
        }
    }
}
