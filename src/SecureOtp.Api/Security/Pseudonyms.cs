using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.Api.Security;

/// <summary>
/// Keyed hashes that stand in for personal data wherever it would otherwise be stored or logged. Without the server
/// secret they cannot be reversed or even confirmed by guessing (phone numbers and user ids are easy to enumerate).
/// </summary>
internal static class Pseudonyms
{
    public const int UserHashLength = 32;

    /// <summary>What a stored verification keeps of the user hash to bind its code to the user: 128 bits are plenty to
    /// tell users apart, and the shorter value keeps each live verification small in Redis.</summary>
    public const int UserBindingLength = 16;

    public static byte[] UserHash(HashKey key, string userId) => Mac(key, "secureotp/user/v1", userId);

    public static byte[] UserBinding(HashKey key, string userId) => UserHash(key, userId)[..UserBindingLength];

    public static byte[] PurposeHash(HashKey key, string purpose) => Mac(key, "secureotp/purpose/v1", purpose);

    public static byte[] Mac(HashKey key, string label, string value)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(label));
        hmac.AppendData([0]);
        hmac.AppendData(Encoding.UTF8.GetBytes(value));
        return hmac.GetHashAndReset();
    }
}
