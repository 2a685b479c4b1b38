using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.IdentityInsights;

/// <summary>The JOSE header of a Vonage application JWT; only <c>alg</c> matters here.</summary>
internal sealed record JwtHeader([property: JsonPropertyName("alg")] string? Alg);

/// <summary>
/// The claims a Vonage application JWT must carry. Times are NumericDate (seconds since the epoch, possibly with a
/// fraction) and must be JSON numbers; other claims (<c>sub</c>, <c>acl</c>, <c>nbf</c>...) are ignored.
/// </summary>
internal sealed record VonageJwtClaims(
    [property: JsonPropertyName("application_id")] string? ApplicationId,
    [property: JsonPropertyName("iat"), JsonNumberHandling(JsonNumberHandling.Strict)] double? Iat,
    [property: JsonPropertyName("jti")] string? Jti,
    [property: JsonPropertyName("exp"), JsonNumberHandling(JsonNumberHandling.Strict)] double? Exp);
