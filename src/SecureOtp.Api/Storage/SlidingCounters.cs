namespace SecureOtp.Api.Storage;

/// <summary>
/// The in-process twin of <c>Scripts/counter.lua</c>: bucketed sliding counters by key. A window is cut into buckets of
/// a fixed width (Unix ms / width); the window / width buckets up to the current one count, so a request counts from its
/// bucket on until that bucket leaves, between one window - one bucket and one window after it was counted.
/// Not thread-safe: its owner holds its own lock around every call, as a script runs alone on its server.
/// </summary>
internal sealed class SlidingCounters
{
    private readonly Dictionary<string, Counter> counters = new(StringComparer.Ordinal);

    /// <summary>Drops a whole counter, as Redis's <c>DEL</c> would.</summary>
    public void Forget(string key) => counters.Remove(key);

    /// <summary>As <c>counter_trim</c> then <c>counter_wait</c>: null when one more fits under <paramref name="limit"/>,
    /// else the wait until enough of the oldest buckets have left.</summary>
    public TimeSpan? Check(string key, DateTimeOffset now, TimeSpan window, TimeSpan width, int limit)
    {
        if (!counters.TryGetValue(key, out var counter))
        {
            return null;
        }

        var (first, _, widthMs) = Span(now, window, width);
        counter.Trim(first);
        var total = counter.Buckets.Values.Sum(b => b.Count);
        if (total < limit)
        {
            return null;
        }

        var mustLeave = total - limit + 1;
        var left = 0;
        foreach (var (bucket, counts) in counter.Buckets.OrderBy(b => b.Key))
        {
            left += counts.Count;
            if (left >= mustLeave)
            {
                return TimeSpan.FromMilliseconds(Math.Max(1, ((bucket + (long)(window / width)) * widthMs) - now.ToUnixTimeMilliseconds()));
            }
        }

        return window; // not reached: the buckets add up to the total
    }

    /// <summary>As <c>counter_record</c>: counts one request in the current bucket.</summary>
    public void Record(string key, DateTimeOffset now, TimeSpan window, TimeSpan width)
    {
        if (!counters.TryGetValue(key, out var counter))
        {
            counters[key] = counter = new Counter();
        }

        var (first, current, _) = Span(now, window, width);
        counter.Trim(first);
        var bucket = counter.Buckets.TryGetValue(current, out var b) ? b : counter.Buckets[current] = new Bucket();
        bucket.Count++;
    }

    /// <summary>As counter_release.lua: takes one off the bucket of <paramref name="countedAt"/> while it is kept, never
    /// below 0, once per <paramref name="member"/>.</summary>
    public void GiveBack(string key, string member, DateTimeOffset countedAt, TimeSpan width)
    {
        if (counters.TryGetValue(key, out var counter)
            && counter.Buckets.TryGetValue(countedAt.ToUnixTimeMilliseconds() / (long)width.TotalMilliseconds, out var bucket)
            && bucket.GivenBack.Add(member) && bucket.Count > 0)
        {
            bucket.Count--;
        }
    }

    /// <summary>The first bucket counted, the current one, and the width in ms.</summary>
    private static (long First, long Current, long WidthMs) Span(DateTimeOffset now, TimeSpan window, TimeSpan width)
    {
        var widthMs = (long)width.TotalMilliseconds;
        var current = now.ToUnixTimeMilliseconds() / widthMs;
        return (current - (long)(window / width) + 1, current, widthMs);
    }

    private sealed class Counter
    {
        public Dictionary<long, Bucket> Buckets { get; } = [];

        /// <summary>Drops the buckets that have left the window, with the requests given back from them.</summary>
        public void Trim(long first)
        {
            foreach (var gone in Buckets.Keys.Where(b => b < first).ToList())
            {
                Buckets.Remove(gone);
            }
        }
    }

    /// <summary>One bucket's count, and the requests given back from it (each once).</summary>
    private sealed class Bucket
    {
        public int Count { get; set; }

        public HashSet<string> GivenBack { get; } = new(StringComparer.Ordinal);
    }
}
