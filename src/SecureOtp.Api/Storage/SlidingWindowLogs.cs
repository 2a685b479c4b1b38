namespace SecureOtp.Api.Storage;

/// <summary>
/// The in-process twin of <c>Scripts/window.lua</c>: sliding-window logs by key, each entry a member and when it was
/// admitted; an entry admitted at t counts until t + window. Several limits may read one log over different windows; a
/// cooldown reads only the entries not given back. Not thread-safe: its owner holds its own lock around every call, as a
/// script runs alone on its server.
/// </summary>
internal sealed class SlidingWindowLogs
{
    private readonly Dictionary<string, List<Entry>> logs = new(StringComparer.Ordinal);

    /// <summary>As <c>window_check</c> without its trim (<see cref="Trim"/> first): answers whether a request counts (not when <paramref name="distinct"/> and
    /// <paramref name="member"/> is already in the window: a repeat is free) and the wait until one more fits under
    /// <paramref name="limit"/> (null when it fits now). With <paramref name="among"/> (a cooldown), only entries not given
    /// back whose member starts with it count.</summary>
    public (bool Counted, TimeSpan? Wait) Check(
        string key, DateTimeOffset now, TimeSpan window, int limit, string? member = null, bool distinct = false, string? among = null)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            return (true, null);
        }

        var inWindow = log.Where(e => e.At + window > now).ToList();
        if (distinct && inWindow.Exists(e => e.Member == member))
        {
            return (false, null);
        }

        var counted = among is null ? inWindow : inWindow.FindAll(e => !e.GivenBack && e.Member.StartsWith(among, StringComparison.Ordinal));
        if (counted.Count < limit)
        {
            return (true, null);
        }

        // One more fits once Count - limit + 1 entries have left; the last of those is at rank Count - limit.
        counted.Sort((a, b) => a.At.CompareTo(b.At));
        return (true, counted[counted.Count - limit].At + window - now);
    }

    /// <summary>As <c>window_trim</c>: drops the entries older than <paramref name="keep"/>, the longest window any limit
    /// reads from this log.</summary>
    public void Trim(string key, DateTimeOffset now, TimeSpan keep)
    {
        if (logs.TryGetValue(key, out var log))
        {
            log.RemoveAll(e => e.At + keep <= now);
        }
    }

    /// <summary>As <c>window_record</c>: records one entry.</summary>
    public void Record(string key, DateTimeOffset now, string member)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            logs[key] = log = [];
        }

        log.Add(new Entry(now, member));
    }

    /// <summary>Removes the entries of <paramref name="member"/> (a request that sent nothing); none there changes nothing.</summary>
    /// <summary>Drops a whole log, as Redis's <c>DEL</c> would.</summary>
    public void Forget(string key) => logs.Remove(key);

    public void Remove(string key, string member)
    {
        if (logs.TryGetValue(key, out var log))
        {
            log.RemoveAll(e => e.Member == member);
        }
    }

    /// <summary>As limits_release.lua's 'cooldown': the entry stays for the budgets, no cooldown counts it any more.</summary>
    public void GiveBack(string key, string member)
    {
        if (logs.TryGetValue(key, out var log))
        {
            var at = log.FindIndex(e => e.Member == member);
            if (at >= 0)
            {
                log[at] = log[at] with { GivenBack = true };
            }
        }
    }

    private sealed record Entry(DateTimeOffset At, string Member, bool GivenBack = false);
}
