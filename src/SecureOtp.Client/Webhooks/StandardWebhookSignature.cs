using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.Client.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256, keyed by the secret's bytes, of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>. The header may list several space-separated signatures.
/// </summary>
internal static class StandardWebhookSignature
{
    private const string SecretPrefix = "whsec_";
    private const string Version = "v1,";

    /// <summary>The secret's key bytes, or null when it is not <c>whsec_</c> + base64 (or plain base64).</summary>
    public static byte[]? KeyOf(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            var key = Convert.FromBase64String(encoded);
            return key.Length == 0 ? null : key;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static byte[] Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, signed);
    }

    /// <summary>Whether any <c>v1</c> signature of <paramref name="header"/> is the signature under any of <paramref name="keys"/>.</summary>
    public static bool Matches(IReadOnlyList<byte[]> keys, string id, long timestamp, ReadOnlySpan<byte> body, string header)
    {
        var expected = new List<byte[]>(keys.Count);
        foreach (var key in keys)
        {
            expected.Add(Sign(key, id, timestamp, body));
        }

        var matched = false;
        foreach (var candidate in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith(Version, StringComparison.Ordinal) || !TryDecode(candidate[Version.Length..], out var given))
            {
                continue; // another scheme (v1a) or garbage: not ours to judge
            }

            foreach (var signature in expected)
            {
                // Every pair is compared, so the time taken says nothing about which one matched.
                matched |= CryptographicOperations.FixedTimeEquals(signature, given);
            }
        }

        return matched;
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[32];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 32;
    }
}
