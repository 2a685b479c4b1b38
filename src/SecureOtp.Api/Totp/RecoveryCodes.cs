using System.Security.Cryptography;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

/// <summary>
/// One-time recovery codes for a user who lost their authenticator: 10 characters drawn uniformly from 31 that cannot be
/// misread for one another (no 0/O, 1/I/L), about 49.5 bits each, shown as <c>XXXXX-XXXXX</c>. The store keeps only a
/// keyed hash of each (HMAC-SHA256 under <c>Otp:PseudonymKey</c>, bound to tenant and user), so a dump of Redis gives
/// nothing to type in, and one user's code is worthless to another.
/// </summary>
internal static class RecoveryCodes
{
    public const int Count = 10;
    public const int Length = 10;
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>What the store keeps of a code: 128 bits of its keyed hash.</summary>
    private const int HashLength = 16;

    /// <summary>New codes, as shown to the user once.</summary>
    public static string[] New() =>
        [.. Enumerable.Range(0, Count).Select(_ => Format(new string(RandomNumberGenerator.GetItems(Alphabet.AsSpan(), Length))))];

    /// <summary>
    /// The code as stored: upper case, without the separator or spaces a user may type. False for anything that could
    /// never have been issued (then nothing is hashed, counted or stored).
    /// </summary>
    public static bool TryNormalize(string presented, out string normalized)
    {
        normalized = string.Concat(presented.Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        return normalized.Length == Length && normalized.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
    }

    public static byte[] Hash(PseudonymKey key, TotpUser user, string normalized) =>
        Pseudonyms.Mac(key, "secureotp/totp-recovery/v1", Convert.ToBase64String(user.Hash), normalized)[..HashLength];

    private static string Format(string code) => $"{code[..(Length / 2)]}-{code[(Length / 2)..]}";
}
