using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.SimSwap;

namespace SecureOtp.FakeProvider.IdentityInsights;

/// <summary>
/// Checks the <c>Authorization: Bearer &lt;jwt&gt;</c> of an Identity Insights request as Vonage would: an RS256 JWT
/// with <c>application_id</c>, <c>iat</c>, <c>jti</c> and <c>exp</c>, not expired. The signature is verified against
/// <see cref="SimSwapOptions.VonagePublicKeyPath"/> when set; without it any signature passes, the rest is still checked.
/// </summary>
internal sealed class VonageJwtVerifier(IOptions<SimSwapOptions> options, TimeProvider time)
{
    private const string Algorithm = "RS256";

    /// <summary>Read once; the options validation has already checked at start that it holds an RSA key.</summary>
    private readonly string? publicKeyPem = options.Value.VonagePublicKeyPath is { Length: > 0 } path
        ? File.ReadAllText(path)
        : null;

    /// <summary>Why the request's JWT is refused (a sentence for the 401), or null when it is good.</summary>
    public string? FindError(HttpRequest request)
    {
        if (BearerToken.From(request) is not { } jwt)
        {
            return "Missing Authorization: Bearer <JWT> header.";
        }

        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "Malformed JWT: expected three dot-separated parts.";
        }

        var header = Decode(parts[0], FakeProviderJsonContext.Default.JwtHeader);
        var claims = Decode(parts[1], FakeProviderJsonContext.Default.VonageJwtClaims);
        var signature = DecodeBytes(parts[2]);
        if (header is null || claims is null || signature is not { Length: > 0 })
        {
            return "Malformed JWT: a part is not Base64url-encoded JSON, or the signature is missing.";
        }

        if (header.Alg != Algorithm)
        {
            return $"Unsupported JWT alg '{header.Alg}': Vonage application JWTs are {Algorithm}.";
        }

        // Before any claim is trusted.
        if (publicKeyPem is not null && !IsSignedByKey(parts[0], parts[1], signature))
        {
            return "Invalid JWT signature.";
        }

        if (string.IsNullOrEmpty(claims.ApplicationId) || claims.Iat is null || string.IsNullOrEmpty(claims.Jti)
            || claims.Exp is not { } exp)
        {
            return "The JWT must carry application_id, iat, jti and exp claims.";
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        if (now >= exp)
        {
            return "The JWT has expired.";
        }

        var expected = options.Value.ApplicationId;
        return string.IsNullOrEmpty(expected) || claims.ApplicationId == expected
            ? null
            : "The JWT's application_id is not this application's.";
    }

    private bool IsSignedByKey(string header, string payload, byte[] signature)
    {
        // A fresh key object per check: RSA instances are not documented as safe to share across threads.
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        var signed = Encoding.ASCII.GetBytes($"{header}.{payload}");
        return rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static T? Decode<T>(string part, JsonTypeInfo<T> type)
        where T : class
    {
        if (DecodeBytes(part) is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[]? DecodeBytes(string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
