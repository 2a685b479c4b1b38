using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

/// <summary>
/// <c>Totp:SecretKeys</c>: the AES-256-GCM keys that seal each user's shared secret at rest. A sealed secret is kept
/// beside the id of the key that sealed it, so rotating <c>Totp:ActiveSecretKeyId</c> seals new enrolments under the new
/// key while every older one still opens for as long as its key stays configured. The associated data is the user's
/// pseudonym (a keyed hash of tenant and user id), so a record copied to another user or tenant does not open.
/// </summary>
internal sealed class TotpSecretKeyRing
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("secureotp/totp-secret/v1\0");

    private readonly Dictionary<string, byte[]> keys;

    /// <param name="secrets">Key id → base64 key (validated at start by <see cref="TotpOptionsValidator"/>).</param>
    public TotpSecretKeyRing(IReadOnlyDictionary<string, string> secrets, string activeKeyId)
    {
        keys = secrets.ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value), StringComparer.Ordinal);
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public static TotpSecretKeyRing From(TotpOptions options) => new(options.SecretKeys, options.ActiveSecretKeyId!);

    /// <summary>The secret sealed under the active key, bound to <paramref name="user"/>.</summary>
    public byte[] Seal(TotpUser user, ReadOnlySpan<byte> secret) => SealedBox.Seal(keys[ActiveKeyId], secret, Binding(user));

    /// <summary>Opens a secret sealed for <paramref name="user"/>; false when its key is no longer configured or the box
    /// was altered or belongs to someone else.</summary>
    public bool TryOpen(TotpUser user, string keyId, ReadOnlySpan<byte> box, out byte[] secret)
    {
        secret = [];
        if (!keys.TryGetValue(keyId, out var key))
        {
            return false;
        }

        try
        {
            secret = SealedBox.Open(key, box, Binding(user));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public bool Knows(string keyId) => keys.ContainsKey(keyId);

    private static byte[] Binding(TotpUser user) => [.. Label, .. user.Hash];
}
