using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.IntegrationTests.Webhooks;

/// <summary>
/// A receiver's check of a delivery, written from the Standard Webhooks specification (not the library the service signs
/// with): the secret is the base64 after <c>whsec_</c>; the signed content is <c>id.timestamp.body</c>; the header lists
/// space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> entries, any one of which may match; the timestamp must be
/// within the tolerance of the receiver's clock.
/// </summary>
public static class StandardWebhooksVerifier
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool Verify(string secret, string id, string timestamp, string signatureHeader, string body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, out var seconds) || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }

            var presented = new byte[expected.Length];
            if (Convert.TryFromBase64String(entry[(comma + 1)..], presented, out var length) && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return true;
            }
        }

        return false;
    }
}
