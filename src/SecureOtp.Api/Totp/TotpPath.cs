using Microsoft.AspNetCore.Http.Features;

namespace SecureOtp.Api.Totp;

/// <summary>
/// How a user id is written into <c>/totp/{userId}</c> (the enrol answer's <c>Location</c>) and read back from it.
/// The route value cannot be trusted for this: the server decodes every escape in a path except <c>%2F</c> (which would
/// otherwise split it), so "org/42" arrives as "org%2F42", and a literal "%2F" (sent as <c>%252F</c>) arrives as the same
/// "%2F": decoding the route value again would take one user for the other. The request target as the client sent it
/// keeps them apart, so the id is that target's last segment, decoded exactly once, as <see cref="Location"/> encoded it.
/// </summary>
internal static class TotpPath
{
    public const string Prefix = "/totp/";

    /// <summary>Every character but the unreserved ones escaped (UTF-8), so no client reads part of the id as path syntax.</summary>
    public static string Location(string userId) => Prefix + Uri.EscapeDataString(userId);

    /// <summary>The user id the request's path names; what the route matched as <paramref name="routeValue"/> only serves a
    /// server that keeps no raw target (the in-memory test server), where only the escaped '/' is still escaped.</summary>
    public static string UserId(HttpContext http, string routeValue)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }

        var pathEnd = raw.IndexOfAny(['?', '#']);
        var path = pathEnd < 0 ? raw : raw[..pathEnd];
        return Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }
}
