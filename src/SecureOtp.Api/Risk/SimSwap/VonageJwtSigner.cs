using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// Signs the Vonage application JWT (RS256, claims <c>application_id</c>, <c>iat</c>, <c>jti</c>, <c>exp</c>) with the
/// application's private key, loaded once. A fresh token per request: signing costs well under a millisecond.
/// </summary>
internal sealed class VonageJwtSigner : IDisposable
{
    /// <summary>Short: a leaked token is useful for minutes, not the 15 the Vonage SDKs default to.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);

    private readonly RSA key;
    private readonly string applicationId;
    private readonly TimeProvider time;

    public VonageJwtSigner(IOptions<SimSwapOptions> options, TimeProvider time)
        : this(VonagePrivateKey.Load(options.Value.PrivateKeyPath!), options.Value.ApplicationId!, time)
    {
    }

    internal VonageJwtSigner(RSA key, string applicationId, TimeProvider time)
    {
        this.key = key;
        this.applicationId = applicationId;
        this.time = time;
    }

    public string CreateToken()
    {
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new VonageJwtClaims(applicationId, issuedAt, Guid.NewGuid().ToString(), issuedAt + (long)Lifetime.TotalSeconds);
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, SimSwapJsonContext.Default.VonageJwtClaims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => key.Dispose();
}

/// <summary>Loads the Vonage application's RSA private key from a PEM file; the validator uses the same rules.</summary>
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
