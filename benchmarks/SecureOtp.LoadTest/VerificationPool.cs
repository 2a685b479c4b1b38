using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace SecureOtp.LoadTest;

/// <summary>
/// A verification the service has issued and the load has not used up. A class, not a record: a record's generated
/// ToString would print <see cref="Code"/> the moment anything formats one.
/// </summary>
internal sealed class LiveVerification(string id, string userId, string? code, long? createdAt = null)
{
    public string Id { get; } = id;

    public string UserId { get; } = userId;

    /// <summary>The right code (verify-right only), read from the fake provider. Never printed or written anywhere.</summary>
    public string? Code { get; } = code;

    /// <summary>When the send was answered (Stopwatch ticks): its TTL runs from about then.</summary>
    public long CreatedAt { get; } = createdAt ?? Stopwatch.GetTimestamp();

    /// <summary>Wrong codes spent on it so far (verify-wrong).</summary>
    public int Used { get; set; }

    /// <summary>The same verification once its text has been read; its age still counts from the send.</summary>
    public LiveVerification WithCode(string rightCode) => new(Id, UserId, rightCode, CreatedAt);

    public override string ToString() => $"verification {Id}";
}

/// <summary>Live verifications made before the clock starts, so a timed operation never waits for a send.</summary>
internal sealed class VerificationPool(TimeSpan maxAge)
{
    /// <summary>Cap on the set-up time of one fill, so a slow or failing service cannot stall the run before it starts.</summary>
    private static readonly TimeSpan FillBudget = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<LiveVerification> queue = new();
    private long expired;

    private long refills;

    public int Count => queue.Count;

    /// <summary>Verifications dropped unused because they were older than the service's TTL less a margin.</summary>
    public long Expired => Interlocked.Read(ref expired);

    public void Add(LiveVerification verification) => queue.Enqueue(verification);

    /// <summary>The oldest fresh verification; stale ones met on the way are dropped (a bounded scan: at most the queue's length).</summary>
    public bool TryTake([NotNullWhen(true)] out LiveVerification? verification)
    {
        for (var left = queue.Count; left > 0 && queue.TryDequeue(out var candidate); left--)
        {
            if (IsFresh(candidate))
            {
                verification = candidate;
                return true;
            }

            Interlocked.Increment(ref expired);
        }

        verification = null;
        return false;
    }

    /// <summary>
    /// A worker's next verification: from the pool, or — when it is empty — made by <paramref name="create"/> outside the
    /// timed operation and counted in <see cref="Refills"/> (in closed loop refills hold ops/s down).
    /// </summary>
    public async Task<LiveVerification?> TakeOrCreateAsync(Func<CancellationToken, Task<LiveVerification?>> create, CancellationToken cancellationToken)
    {
        if (TryTake(out var live))
        {
            return live;
        }

        Interlocked.Increment(ref refills);
        return await create(cancellationToken);
    }

    /// <summary>Verifications made by <see cref="TakeOrCreateAsync"/> because the pool was empty.</summary>
    public long Refills => Interlocked.Read(ref refills);

    /// <summary>
    /// Drops, before a slice, the ones that would go stale within <paramref name="headroom"/> (the coming slice), so a
    /// top-up knows how many are missing and the pool does not expire all at once in the middle of the slice — a pool
    /// filled in one go ages in one go, and its workers would then spend the slice on refills.
    /// </summary>
    public void DropStale(TimeSpan headroom)
    {
        for (var left = queue.Count; left > 0 && queue.TryDequeue(out var verification); left--)
        {
            if (IsFresh(verification, headroom))
            {
                queue.Enqueue(verification);
            }
            else
            {
                Interlocked.Increment(ref expired);
            }
        }
    }

    /// <summary>
    /// Creates up to <paramref name="count"/> verifications with <paramref name="create"/>, <paramref name="parallelism"/>
    /// at a time, within <see cref="FillBudget"/>; returns those it made (failed sends are skipped). Untimed: callers run it before the clock starts.
    /// </summary>
    public static async Task<List<T>> CreateManyAsync<T>(
        int count, int parallelism, Func<CancellationToken, Task<T?>> create, CancellationToken cancellationToken)
        where T : class
    {
        var made = new ConcurrentBag<T>();
        var budget = Stopwatch.StartNew();
        var remaining = count;
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Max(1, parallelism)), cancellationToken, async (_, ct) =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0 && budget.Elapsed < FillBudget)
            {
                if (await create(ct) is { } item)
                {
                    made.Add(item);
                }
            }
        });
        return [.. made];
    }

    private bool IsFresh(LiveVerification verification, TimeSpan headroom = default) =>
        Stopwatch.GetElapsedTime(verification.CreatedAt) + headroom < maxAge;
}

/// <summary>What a reader should know when a pool ran dry during a slice.</summary>
internal static class PoolHint
{
    /// <summary>
    /// Refills happen outside the timed op but inside the measured window: in closed loop they lower ops/s (not the
    /// latency); in open loop they only matter if every worker is busy refilling when an arrival is due.
    /// </summary>
    public static string For(long refills) => refills > 0 ? " (in closed loop they hold ops/s down: raise --pool)" : "";
}
