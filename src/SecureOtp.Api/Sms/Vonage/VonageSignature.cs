using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>The ways a Vonage account can sign its webhooks (chosen in the Vonage dashboard with the signature secret).</summary>
internal enum VonageSignatureMethod
{
    /// <summary>Vonage's default: MD5 of the signing string with the secret appended (not an HMAC).</summary>
    Md5Hash,
    Md5Hmac,
    Sha1Hmac,
    Sha256Hmac,
    Sha512Hmac,
}

/// <summary>
/// Vonage's signed-request scheme for SMS webhooks: every parameter but <c>sig</c>, sorted by name, each written as
/// <c>&amp;name=value</c> with any <c>&amp;</c> or <c>=</c> inside a value replaced by <c>_</c>; then MD5 of that string plus
/// the secret (<c>md5hash</c>) or an HMAC keyed by the secret; the signature is the digest in hex. Vonage writes md5hash in
/// lower case and the HMACs in upper case, so the comparison ignores case.
/// </summary>
internal static class VonageSignature
{
    public const string DefaultMethodName = "md5hash";

    /// <summary>The parameter that carries the signature, left out of what is signed.</summary>
    public const string SignatureParameter = "sig";

    public static readonly IReadOnlyList<string> MethodNames = ["md5hash", "md5hmac", "sha1hmac", "sha256hmac", "sha512hmac"];

    public static bool TryParseMethod(string? name, out VonageSignatureMethod method)
    {
        var index = name is null ? -1 : MethodNames.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        method = (VonageSignatureMethod)Math.Max(0, index);
        return index >= 0;
    }

    /// <summary>The string Vonage signs: <c>&amp;a=1&amp;b=2</c>, names in ordinal order, <c>sig</c> left out.</summary>
    public static string SigningString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters.Where(p => p.Key != SignatureParameter).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('&').Append(name).Append('=').Append(value.Replace('&', '_').Replace('=', '_'));
        }

        return text.ToString();
    }

    /// <summary>The signature of <paramref name="signingString"/>, in lower-case hex.</summary>
    public static string Compute(string signingString, string secret, VonageSignatureMethod method)
    {
        var data = Encoding.UTF8.GetBytes(signingString);
        var key = Encoding.UTF8.GetBytes(secret);
        // MD5 and SHA-1 are Vonage's protocol, chosen by the account owner in the Vonage dashboard, not ours to pick: we can
        // only verify what Vonage sends. The HMAC variants remain sound; the docs recommend sha256hmac or sha512hmac.
#pragma warning disable CA5350, CA5351
        var digest = method switch
        {
            VonageSignatureMethod.Md5Hash => MD5.HashData(Encoding.UTF8.GetBytes(signingString + secret)),
            VonageSignatureMethod.Md5Hmac => HMACMD5.HashData(key, data),
            VonageSignatureMethod.Sha1Hmac => HMACSHA1.HashData(key, data),
            VonageSignatureMethod.Sha256Hmac => HMACSHA256.HashData(key, data),
            _ => HMACSHA512.HashData(key, data),
        };
#pragma warning restore CA5350, CA5351
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is the signature of <paramref name="parameters"/>, in either case. Both sides
    /// are normalised to lower case first and compared in constant time, so the answer's timing says nothing about how
    /// much of a forged signature was right.
    /// </summary>
    public static bool IsValid(IEnumerable<KeyValuePair<string, string>> parameters, string? signature, string secret, VonageSignatureMethod method)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(SigningString(parameters), secret, method));
        var given = Encoding.UTF8.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
