namespace SecureOtp.FakeProvider.SimSwap;

internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>The token of an <c>Authorization: Bearer ...</c> header (scheme case-insensitive), or null.</summary>
    public static string? From(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
