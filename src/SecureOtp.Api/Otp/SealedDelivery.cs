using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>What delivering a live code again needs: the code, where it goes, how it reads, and the channels the send
/// listed (fallback and <c>/resend</c> pick from them).</summary>
internal sealed record CodeDelivery(string Code, string PhoneE164, string? Locale, string? AppHash, IReadOnlyList<string> Channels);

/// <summary>
/// A record keeps its code deliverable (for <c>/resend</c> and fallback to another channel) but never in clear: the
/// <see cref="CodeDelivery"/> is sealed with AES-256-GCM under a key derived from the code's own hash key
/// (<see cref="HashKey.DeliveryEncryptionKey"/>), bound to the verification id. Opening it takes that key and the id, and
/// whoever has both could already recover a six-digit code from the record's MAC by trying every code: the box adds no
/// exposure a Redis dump with the keys did not already give. It lives and dies with the record.
/// </summary>
internal static class SealedDelivery
{
    // None of the fields can hold it: validation keeps control characters out of locale and app hash.
    private const char Separator = '\n';

    public static byte[] Seal(HashKey key, CodeDelivery delivery, VerificationId id)
    {
        var plain = string.Join(Separator, delivery.Code, delivery.PhoneE164, delivery.Locale ?? "", delivery.AppHash ?? "", string.Join(' ', delivery.Channels));
        return SealedBox.SealUnderLongLivedKey(key.DeliveryEncryptionKey, Encoding.UTF8.GetBytes(plain), id.Bytes);
    }

    /// <summary>The delivery, or null when the box does not open (altered, or another verification's or key's).</summary>
    public static CodeDelivery? Open(HashKey key, ReadOnlySpan<byte> box, VerificationId id)
    {
        string plain;
        try
        {
            plain = Encoding.UTF8.GetString(SealedBox.OpenUnderLongLivedKey(key.DeliveryEncryptionKey, box, id.Bytes));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var f = plain.Split(Separator);
        return f.Length == 5
            ? new CodeDelivery(f[0], f[1], NullIfEmpty(f[2]), NullIfEmpty(f[3]), f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            : null;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
