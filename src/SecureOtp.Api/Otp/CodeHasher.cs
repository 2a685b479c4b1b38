using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// What is stored instead of a code: HMAC-SHA256 under the server secret over a per-code random salt, the code, and the
/// fields the code is bound to (the verification handle, the user, the purpose). A stolen store dump therefore cannot be
/// brute-forced offline (6 digits are only a million guesses), and a code cannot be replayed against another verification.
/// </summary>
internal static class CodeHasher
{
    public const int SaltLength = 16;

    /// <summary>HMAC-SHA256 truncated to 128 bits (NIST SP 800-107 allows truncated MACs of 64 bits or more): far beyond
    /// the 20-bit guessing space of a code, and 16 bytes less per live verification in Redis.</summary>
    public const int MacLength = 16;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("secureotp/code/v1");

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    public static byte[] Hash(HashKey key, ReadOnlySpan<byte> salt, string code, VerificationId id, ReadOnlySpan<byte> userHash, string purpose)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Secret);
        hmac.AppendData(Label);
        AppendField(hmac, salt);
        AppendField(hmac, Encoding.ASCII.GetBytes(code));
        AppendField(hmac, id.Bytes);
        AppendField(hmac, userHash);
        AppendField(hmac, Encoding.ASCII.GetBytes(purpose));
        return hmac.GetHashAndReset()[..MacLength];
    }

    /// <summary>Length-prefixed, so no two different field lists can produce the same input.</summary>
    private static void AppendField(IncrementalHash hmac, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        hmac.AppendData(length);
        hmac.AppendData(field);
    }
}
