using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.Api.Security;

/// <summary>
/// <c>Otp:PseudonymKey</c>: the long-lived secret behind every pseudonym (user and tenant tags, limit keys, phone hashes).
/// It is deliberately not one of the rotating code keys: a pseudonym that changed with <c>Otp:ActiveHashKeyId</c> would
/// reset every limit and the failed-verify cap on each rotation, and leave a user's old-key code live beside the new one.
/// </summary>
internal sealed class PseudonymKey
{
    /// <param name="secret">The decoded <c>Otp:PseudonymKey</c> (validated at start by the options that carry it).</param>
    public PseudonymKey(byte[] secret)
    {
        Secret = secret;
        VerificationIdSealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("secureotp/verification-id-aead/v1"));
    }

    public byte[] Secret { get; }

    /// <summary>Seals the verification id a record keeps for verify by user (<see cref="Otp.SealedVerificationId"/>);
    /// derived, so the MAC key is only ever used for MACs, and from this key rather than a code key, so it never rotates.</summary>
    public byte[] VerificationIdSealKey { get; }

    /// <summary>Each tenant's tag under this key (see <see cref="Pseudonyms.TenantTag"/>); bounded by the configured clients.</summary>
    internal ConcurrentDictionary<string, byte[]> TenantTags { get; } = new(StringComparer.Ordinal);
}
