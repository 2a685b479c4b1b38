using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.Api.Security;

/// <summary>
/// Keyed hashes that stand in for personal data wherever it would otherwise be stored or logged, all under the
/// <see cref="PseudonymKey"/>. Without it they cannot be reversed or even confirmed by guessing (phone numbers and user
/// ids are easy to enumerate). A user is always a user of one tenant: the same user id under two tenants is two users.
/// </summary>
internal static class Pseudonyms
{
    /// <summary>What a stored verification keeps of the user hash to bind its code to the user: 128 bits are plenty to
    /// tell users apart, and the shorter value keeps each live verification small in Redis.</summary>
    public const int UserBindingLength = 16;

    /// <summary>A record's issuing tenant: tenants are a handful of configured names, so 64 bits never collide, and the
    /// field stays small in every live verification.</summary>
    public const int TenantTagLength = 8;

    /// <summary>Limit keys keep 128 bits: enough to never merge two phones' budgets.</summary>
    private const int LimitKeyLength = 16;

    /// <summary>The routing bytes of a verification id are its first 8; the same 8 bytes name the user in logs.</summary>
    private const int UserRefLength = 8;

    public static byte[] UserHash(PseudonymKey key, string tenant, string userId) => Mac(key, "secureotp/user/v2", tenant, userId);

    public static byte[] UserBinding(PseudonymKey key, string tenant, string userId) => UserHash(key, tenant, userId)[..UserBindingLength];

    /// <summary>How logs and the audit line name a user: the user's slot tag, as in the ids it gets.</summary>
    public static string UserRef(PseudonymKey key, string tenant, string userId) =>
        Base64Url.EncodeToString(UserHash(key, tenant, userId).AsSpan(0, UserRefLength));

    public static byte[] PurposeHash(PseudonymKey key, string purpose) => Mac(key, "secureotp/purpose/v2", purpose);

    public static byte[] TenantTag(PseudonymKey key, string tenant) => Mac(key, "secureotp/tenant/v1", tenant)[..TenantTagLength];

    /// <summary>The key of a rate limit over <paramref name="parts"/> (e.g. tenant and phone), URL-safe.</summary>
    public static string LimitKey(PseudonymKey key, string scope, params ReadOnlySpan<string> parts) =>
        Base64Url.EncodeToString(Mac(key, "secureotp/limit/" + scope, parts).AsSpan(0, LimitKeyLength));

    /// <summary>HMAC-SHA256 over a label and length-prefixed values, so no two different value lists give the same input.</summary>
    public static byte[] Mac(PseudonymKey key, string label, params ReadOnlySpan<string> values)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(label));
        hmac.AppendData([0]);
        Span<byte> length = stackalloc byte[4];
        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hmac.AppendData(length);
            hmac.AppendData(bytes);
        }

        return hmac.GetHashAndReset();
    }
}
