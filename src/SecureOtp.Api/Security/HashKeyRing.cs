using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

/// <summary>One server secret ("pepper") and the keys derived from it. The secret never leaves the process.</summary>
internal sealed class HashKey
{
    public HashKey(string id, byte[] secret)
    {
        Id = id;
        Secret = secret;
        // A separate key for encrypting user ids, so the MAC key is only ever used for MACs.
        UserIdEncryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("secureotp/userid-aead/v1"));
        DeliveryEncryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("secureotp/delivery-aead/v1"));
    }

    public string Id { get; }

    public byte[] Secret { get; }

    public byte[] UserIdEncryptionKey { get; }

    /// <summary>Seals what a record keeps to deliver its code again (<see cref="Otp.SealedDelivery"/>): under the code's
    /// own key, so whoever can open it could already recover the code from its MAC.</summary>
    public byte[] DeliveryEncryptionKey { get; }
}

/// <summary>
/// The configured secrets by key id. New codes use the active key; a code is always verified with the key id stored beside
/// it (the store picks the candidate hashed under that key), so rotating <c>Otp:ActiveHashKeyId</c> keeps old codes working for as long as their key stays configured.
/// </summary>
internal sealed class HashKeyRing
{
    private readonly Dictionary<string, HashKey> keys;

    /// <param name="secrets">Key id → base64 secret (validated at start by the options that carry them).</param>
    public HashKeyRing(IReadOnlyDictionary<string, string> secrets, string activeKeyId)
    {
        keys = secrets.ToDictionary(kv => kv.Key, kv => new HashKey(kv.Key, Convert.FromBase64String(kv.Value)), StringComparer.Ordinal);
        Active = keys[activeKeyId];
        All = [.. keys.Values];
    }

    public HashKey Active { get; }

    /// <summary>Every configured key: verify hashes a presented code under each, since the code's key id is in the store.</summary>
    public IReadOnlyList<HashKey> All { get; }

    public bool TryGet(string keyId, out HashKey key) => keys.TryGetValue(keyId, out key!);
}
