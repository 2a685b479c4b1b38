using System.Security.Cryptography;

namespace SecureOtp.Api.Security;

/// <summary>
/// HMAC-SHA256 under the service's long-lived keys (the pseudonym key, the code hash keys), with one keyed HMAC context
/// per key and thread, reused for every MAC.
/// </summary>
/// <remarks>
/// The one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/> sets up a fresh native MAC context (and looks the
/// algorithm up) on every call: about 1.4 µs, against 0.6 µs for a kept context that is only fed and reset. A send takes
/// about a dozen of these MACs. Keys are recognised by their array (they are created once, at start); a thread keeps a
/// few, so the keys of a test host that starts many services only cost a new context now and then.
/// </remarks>
internal static class KeyedHmac
{
    private const int KeptPerThread = 4;

    [ThreadStatic]
    private static (byte[] Key, IncrementalHash Hmac)[]? kept;

    [ThreadStatic]
    private static int nextSlot;

    public static void Compute(byte[] key, ReadOnlySpan<byte> input, Span<byte> mac)
    {
        var hmac = For(key);
        hmac.AppendData(input);
        hmac.GetHashAndReset(mac);
    }

    private static IncrementalHash For(byte[] key)
    {
        var slots = kept ??= new (byte[], IncrementalHash)[KeptPerThread];
        foreach (var (k, hmac) in slots)
        {
            if (ReferenceEquals(k, key))
            {
                return hmac;
            }
        }

        var slot = nextSlot;
        nextSlot = (slot + 1) % KeptPerThread;
        slots[slot].Hmac?.Dispose();
        slots[slot] = (key, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
        return slots[slot].Hmac;
    }
}
