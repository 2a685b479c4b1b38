using System.Buffers;
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

    /// <summary>Remembered per tenant (tenants are the configured API clients' names, a handful): every request needs its
    /// tenant's tag. The array is shared; callers only read it.</summary>
    public static byte[] TenantTag(PseudonymKey key, string tenant) =>
        key.TenantTags.GetOrAdd(tenant, static (name, k) => Mac(k, "secureotp/tenant/v1", name)[..TenantTagLength], key);

    /// <summary>The key of a rate limit over <paramref name="parts"/> (e.g. tenant and phone), URL-safe.</summary>
    public static string LimitKey(PseudonymKey key, string scope, params ReadOnlySpan<string> parts) =>
        Base64Url.EncodeToString(Mac(key, "secureotp/limit/" + scope, parts).AsSpan(0, LimitKeyLength));

    /// <summary>HMAC-SHA256 over a label and length-prefixed values, so no two different value lists give the same input.</summary>
    /// <remarks>The input is laid out in one buffer and hashed in one call: an incremental HMAC cost a native context and a
    /// call per part, and a send takes about ten of these. The buffer holds personal data (a phone number, a user id), so a
    /// rented one is wiped before it goes back to the pool.</remarks>
    public static byte[] Mac(PseudonymKey key, string label, params ReadOnlySpan<string> values)
    {
        var size = label.Length + 1;
        foreach (var value in values)
        {
            size += sizeof(int) + Encoding.UTF8.GetMaxByteCount(value.Length);
        }

        byte[]? rented = null;
        var input = size <= StackInputLimit ? stackalloc byte[StackInputLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        var written = Encoding.ASCII.GetBytes(label, input);
        input[written++] = 0;
        foreach (var value in values)
        {
            var length = Encoding.UTF8.GetBytes(value, input[(written + sizeof(int))..]);
            BinaryPrimitives.WriteInt32BigEndian(input[written..], length);
            written += sizeof(int) + length;
        }

        var mac = new byte[HMACSHA256.HashSizeInBytes];
        KeyedHmac.Compute(key.Secret, input[..written], mac);
        CryptographicOperations.ZeroMemory(input[..written]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return mac;
    }

    private const int StackInputLimit = 512;
}
