using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureOtp.Api.Security;

/// <summary>
/// The Vonage application JWT (RS256, claims <c>application_id</c>, <c>iat</c>, <c>jti</c>, <c>exp</c>) signed with the
/// application's private key, loaded once, through Microsoft.IdentityModel's token handler. One fresh token per request:
/// signing costs well under a millisecond. Used by every Vonage API that takes the application's JWT (Identity Insights,
/// Voice, Messages).
/// </summary>
internal sealed class VonageApplicationJwt : IDisposable
{
    /// <summary>Short: a leaked token is useful for minutes, not the 15 the Vonage SDKs default to.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The handler would otherwise stamp iat/nbf/exp from the system clock, not from <see cref="TimeProvider"/>.</summary>
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly RSA key;
    private readonly SigningCredentials credentials;
    private readonly string applicationId;
    private readonly TimeProvider time;

    public VonageApplicationJwt(RSA key, string applicationId, TimeProvider time)
    {
        this.key = key;
        this.applicationId = applicationId;
        this.time = time;
        // The library's shared cache keys signature providers by the key's public half, so a second signer over the same
        // key (a restarted host in one process) would be handed a provider holding this one's disposed RSA object.
        credentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256)
        {
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
    }

    public string CreateToken()
    {
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["application_id"] = applicationId,
                [JwtRegisteredClaimNames.Iat] = issuedAt,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                [JwtRegisteredClaimNames.Exp] = issuedAt + (long)Lifetime.TotalSeconds,
            },
            SigningCredentials = credentials,
        });
    }

    public void Dispose() => key.Dispose();
}

/// <summary>Loads the Vonage application's RSA private key from a PEM file; the validators use the same rules.</summary>
internal static class VonagePrivateKey
{
    public const int MinKeySizeBits = 2048;

    public static RSA Load(string path)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>Why the file cannot serve, in words that name neither the key material nor anything read from the file; null when it can.</summary>
    public static string? Problem(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot read '{path}' ({e.GetType().Name}).";
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return $"'{path}' holds no unencrypted RSA private key in PEM form (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).";
        }

        try
        {
            rsa.SignData("probe"u8, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return $"'{path}' holds a public key; the Vonage application's private key is needed to sign.";
        }

        return rsa.KeySize < MinKeySizeBits ? $"the RSA key in '{path}' has {rsa.KeySize} bits; at least {MinKeySizeBits} are required." : null;
    }
}
