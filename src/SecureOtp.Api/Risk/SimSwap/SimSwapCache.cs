using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// Recent definite answers per number, so a user retrying a login does not cost a provider call each time. Keyed by a
/// pseudonym of the number (<see cref="PseudonymKey"/>): a heap dump shows no phone numbers and, without the key, cannot be
/// matched against a list of them. Expiry is judged by the app's <see cref="TimeProvider"/>; the cache's own expiry only
/// frees memory.
/// </summary>
internal sealed class SimSwapCache : IDisposable
{
    /// <summary>A bound on memory: beyond it new answers are simply not cached.</summary>
    public const int MaxEntries = 100_000;

    private readonly PseudonymKey key;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly TimeProvider time;
    private readonly TimeSpan duration;

    public SimSwapCache(IOptions<SimSwapOptions> options, TimeProvider time, PseudonymKey key)
    {
        this.key = key;
        this.time = time;
        duration = options.Value.CacheDuration;
    }

    public bool TryGet(string phoneE164, out SimSwapStatus status)
    {
        status = SimSwapStatus.Unknown;
        if (duration <= TimeSpan.Zero)
        {
            return false;
        }

        var slot = Slot(phoneE164);
        if (!cache.TryGetValue(slot, out Entry? entry) || entry is null)
        {
            return false;
        }

        if (time.GetUtcNow() >= entry.ExpiresAt)
        {
            cache.Remove(slot);
            return false;
        }

        status = entry.Status;
        return true;
    }

    /// <summary>Only <see cref="SimSwapStatus.Swapped"/> and <see cref="SimSwapStatus.NotSwapped"/> are kept.</summary>
    public void Set(string phoneE164, SimSwapStatus status)
    {
        if (duration <= TimeSpan.Zero || status is not (SimSwapStatus.Swapped or SimSwapStatus.NotSwapped))
        {
            return;
        }

        cache.Set(Slot(phoneE164), new Entry(status, time.GetUtcNow() + duration),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = duration });
    }

    public void Dispose() => cache.Dispose();

    private string Slot(string phoneE164) => Convert.ToBase64String(Pseudonyms.Mac(key, "secureotp/simswap-cache/v1", phoneE164));

    private sealed record Entry(SimSwapStatus Status, DateTimeOffset ExpiresAt);
}
