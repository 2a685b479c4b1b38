using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.FakeProvider.Receipts;

/// <summary>
/// Signs a receipt the way Vonage's signed webhooks are signed (the fake's own implementation of the published scheme):
/// parameters but <c>sig</c> sorted by name, <c>&amp;name=value</c> each with <c>&amp;</c> and <c>=</c> in values made <c>_</c>;
/// md5hash = MD5(string + secret) in lower-case hex, the HMACs keyed by the secret in upper-case hex, as Vonage writes them.
/// </summary>
internal static class ReceiptSignature
{
    public static string Sign(IReadOnlyDictionary<string, string> parameters, string secret, string method)
    {
        var text = new StringBuilder();
        foreach (var name in parameters.Keys.Where(k => k != "sig").Order(StringComparer.Ordinal))
        {
            text.Append('&').Append(name).Append('=').Append(parameters[name].Replace('&', '_').Replace('=', '_'));
        }

        var data = Encoding.UTF8.GetBytes(text.ToString());
        var key = Encoding.UTF8.GetBytes(secret);
        // The weak algorithms are Vonage's options, offered here so the service's support for each is tested.
#pragma warning disable CA5350, CA5351
        return method switch
        {
            "md5hash" => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text + secret))),
            "md5hmac" => Convert.ToHexString(HMACMD5.HashData(key, data)),
            "sha1hmac" => Convert.ToHexString(HMACSHA1.HashData(key, data)),
            "sha256hmac" => Convert.ToHexString(HMACSHA256.HashData(key, data)),
            "sha512hmac" => Convert.ToHexString(HMACSHA512.HashData(key, data)),
            _ => throw new InvalidOperationException($"Unknown signature method '{method}'."),
        };
#pragma warning restore CA5350, CA5351
    }
}
