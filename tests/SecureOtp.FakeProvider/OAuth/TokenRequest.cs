using System.Net;
using System.Security.Cryptography;
using System.Text;
using SecureOtp.FakeProvider.SimSwap;

namespace SecureOtp.FakeProvider.OAuth;

/// <summary>
/// A client-credentials token request: the form fields, and the client from HTTP Basic (RFC 6749 2.3.1) or from the
/// form's <c>client_id</c>/<c>client_secret</c>. <see cref="Malformed"/> says why it cannot be read at all.
/// </summary>
internal sealed record TokenRequest(string? GrantType, string? ClientId, string? ClientSecret, string? Malformed)
{
    public const string ClientCredentialsGrant = "client_credentials";
    private const string BasicScheme = "Basic ";

    public static async Task<TokenRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Bad("Send the request as application/x-www-form-urlencoded.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Bad("The form body could not be read.");
        }

        var grantType = Field(form, "grant_type");
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            return new TokenRequest(grantType, Field(form, "client_id"), Field(form, "client_secret"), null);
        }

        // RFC 6749 2.3.1: a client must not use more than one authentication method in a request.
        if (Field(form, "client_secret") is not null)
        {
            return Bad("Authenticate the client with HTTP Basic or with client_secret in the form, not both.");
        }

        var (id, secret) = DecodeBasic(header[BasicScheme.Length..].Trim());
        return new TokenRequest(grantType, id, secret, null);
    }

    /// <summary>The status and error the request earns, checked in this order, or null when a token should be issued.</summary>
    public (int Status, OAuthError Error)? FindError(SimSwapOptions client)
    {
        if (Malformed is not null)
        {
            return (StatusCodes.Status400BadRequest, new OAuthError(OAuthError.InvalidRequest, Malformed));
        }

        // Both compared, and in constant time: the habit people copy from a fake should be the right one.
        if (ClientId is null || ClientSecret is null
            || (!FixedTimeEquals(ClientId, client.ClientId) | !FixedTimeEquals(ClientSecret, client.ClientSecret)))
        {
            return (StatusCodes.Status401Unauthorized,
                new OAuthError(OAuthError.InvalidClient, "Client authentication failed."));
        }

        return GrantType switch
        {
            null => (StatusCodes.Status400BadRequest, new OAuthError(OAuthError.InvalidRequest, "grant_type is required.")),
            ClientCredentialsGrant => null,
            _ => (StatusCodes.Status400BadRequest,
                new OAuthError(OAuthError.UnsupportedGrantType, "Only grant_type=client_credentials is supported.")),
        };
    }

    private static TokenRequest Bad(string reason) => new(null, null, null, reason);

    /// <summary>id:secret in Base64, each form-url-encoded first (RFC 6749 2.3.1); nulls when it is not that.</summary>
    private static (string? Id, string? Secret) DecodeBasic(string encoded)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return (null, null);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (null, null)
            : (WebUtility.UrlDecode(decoded[..colon]), WebUtility.UrlDecode(decoded[(colon + 1)..]));
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
