using System.Security.Cryptography;

namespace SecureOtp.Api.Security;

/// <summary>
/// HMAC-SHA256 under the service's long-lived keys (the pseudonym key, the code hash keys), with one keyed HMAC context
/// per key and thread, reused for every MAC.
/// </summary>
/// <remarks>
/// The one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/> sets up a fresh native MAC context (and looks the
/// algorithm up) on every call: about 1.4 µs, against 0.6 µs for a kept context that is only fed and reset. A send takes
/// about a dozen of these MACs.
/// </remarks>
internal static class KeyedHmac
{
    public static void Compute(byte[] key, ReadOnlySpan<byte> input, Span<byte> mac)
    {
        var hmac = PerThreadContexts<IncrementalHash>.For(key, static k => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, k));
        hmac.AppendData(input);
        hmac.GetHashAndReset(mac);
    }
}
