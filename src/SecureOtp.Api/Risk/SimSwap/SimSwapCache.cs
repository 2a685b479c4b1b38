using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// Recent definite answers per number, so a user retrying a login does not cost a provider call each time. Keyed by an
/// HMAC of the number under a per-process random key: a heap dump shows no phone numbers and cannot be matched against a
/// list of them. Expiry is judged by the app's <see cref="TimeProvider"/>; the cache's own expiry only frees memory.
/// </summary>
internal sealed class SimSwapCache : IDisposable
{
    /// <summary>A bound on memory: beyond it new answers are simply not cached.</summary>
    public const int MaxEntries = 100_000;

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly TimeProvider time;
    private readonly TimeSpan duration;

    public SimSwapCache(IOptions<SimSwapOptions> options, TimeProvider time)
    {
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

    private string Slot(string phoneE164) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(phoneE164)));

    private sealed record Entry(SimSwapStatus Status, DateTimeOffset ExpiresAt);
}
