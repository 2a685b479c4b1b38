using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureOtp.Api.Channels;

/// <summary>
/// Vonage's signed webhooks (voice events, message statuses): <c>Authorization: Bearer &lt;JWT&gt;</c> signed HS256 with
/// <c>Delivery:Vonage:SignatureSecret</c>, whose <c>payload_hash</c> claim is the hex SHA-256 of the exact body and whose
/// <c>iat</c> is within <see cref="ReplayWindow"/> of now (<see cref="TimeProvider"/>). Without the secret nothing is accepted.
/// </summary>
internal sealed class VonageWebhookSignature(IOptions<DeliveryOptions> options, TimeProvider time)
{
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly SymmetricSecurityKey? key = options.Value.Vonage.SignatureSecret is { Length: > 0 } secret
        && Encoding.UTF8.GetByteCount(secret) >= DeliveryOptionsValidator.MinSignatureSecretBytes
            ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)) { CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } }
            : null;

    public enum Verdict
    {
        Valid,
        InvalidSignature,
        Stale,
    }

    public async Task<Verdict> CheckAsync(string? authorization, byte[] body)
    {
        if (key is null || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.InvalidSignature;
        }

        var result = await Handler.ValidateTokenAsync(authorization["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false, // Vonage sends no exp: freshness is iat, checked below against our clock
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token
            || !token.TryGetPayloadValue<string>("payload_hash", out var hash) || hash is null)
        {
            return Verdict.InvalidSignature;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(body)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(hash.ToLowerInvariant())))
        {
            return Verdict.InvalidSignature;
        }

        return token.TryGetPayloadValue<long>("iat", out var iat)
            && iat > 0 && iat < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            && (DateTimeOffset.FromUnixTimeSeconds(iat) - time.GetUtcNow()).Duration() <= ReplayWindow
                ? Verdict.Valid
                : Verdict.Stale;
    }
}
