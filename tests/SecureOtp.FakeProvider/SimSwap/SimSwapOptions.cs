namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>
/// Bound from <c>FakeSimSwap:*</c>. Public defaults: this fake guards nothing, it only checks that the caller sends them.
/// </summary>
internal sealed class SimSwapOptions
{
    public const string Section = "FakeSimSwap";

    /// <summary>The OAuth2 client the token endpoint accepts.</summary>
    public string ClientId { get; set; } = "fake-client";

    public string ClientSecret { get; set; } = "fake-client-secret";

    /// <summary>The <c>expires_in</c> of every access token; a test of token refresh sets it to a second or two.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>A PEM public key that Vonage application JWTs must be signed with; unset, any RS256 signature passes.</summary>
    public string? VonagePublicKeyPath { get; set; }

    /// <summary>The <c>application_id</c> claim the JWTs must carry; unset, any non-empty one passes.</summary>
    public string? ApplicationId { get; set; }
}
