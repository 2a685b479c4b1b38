using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.FakeProvider.Twilio;

/// <summary>
/// <c>X-Twilio-Signature</c> as Twilio's security documentation defines it: the URL as called, then each POST
/// parameter's name and value, sorted by name, HMAC-SHA1 keyed by the auth token, base64.
/// </summary>
internal static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        // Twilio defines the signature as HMAC-SHA1; the fake must produce exactly that.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }
}
