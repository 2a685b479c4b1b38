using System.Collections.Concurrent;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// Each country's demotions as this replica last read them, kept for <see cref="Lifetime"/>: a send on a route of two or
/// more providers would otherwise read them from the store every time, though they change a few times an hour at most.
/// A demotion or restoration made here drops the country's entry at once; one made by another replica is seen here
/// within <see cref="Lifetime"/>. Bounded: one entry per calling code.
/// </summary>
internal sealed class DemotionCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    /// <summary>The country's demotions: the cached ones while fresh, else <paramref name="read"/>'s (then cached).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetAsync(
        string country, Func<CancellationToken, Task<IReadOnlyDictionary<string, DateTimeOffset>>> read, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(country, static _ => new Slot());
        var seen = slot.Current;
        if (seen.Demotions is { } cached && time.GetElapsedTime(seen.ReadAt) < Lifetime)
        {
            return cached;
        }

        var startedAt = time.GetTimestamp();
        var demotions = await read(cancellationToken);
        slot.Replace(seen, new Snapshot(demotions, startedAt));
        return demotions;
    }

    /// <summary>Forgets a country's demotions: the next send reads them afresh.</summary>
    public void Invalidate(string country) => slots.GetOrAdd(country, static _ => new Slot()).Invalidate();

    /// <param name="ReadAt">When the read began (a timestamp of the TimeProvider): the entry is no fresher than that.</param>
    private sealed record Snapshot(IReadOnlyDictionary<string, DateTimeOffset>? Demotions, long ReadAt)
    {
        public static Snapshot Empty() => new(null, 0);
    }

    /// <summary>
    /// One country's entry. A read stores its answer only if nothing replaced the entry while it was in flight, so a read
    /// begun before this replica demoted a provider cannot bring the old order back after the invalidation.
    /// </summary>
    private sealed class Slot
    {
        private Snapshot current = Snapshot.Empty();

        public Snapshot Current => Volatile.Read(ref current);

        public void Replace(Snapshot expected, Snapshot next) => Interlocked.CompareExchange(ref current, next, expected);

        public void Invalidate() => Volatile.Write(ref current, Snapshot.Empty());
    }
}
