using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace SecureOtp.Api.Errors;

/// <summary>
/// Refuses a request body declared in a charset other than UTF-8 with <c>415 unsupported_media_type</c> before any
/// endpoint reads it. JSON on the wire is UTF-8 (RFC 8259 §8.1); left alone, the framework looks an unknown charset up
/// (<c>charset=bogus</c>, <c>utf-7</c>) and throws, which would be a 500 and an error log for bad input.
/// </summary>
internal static class JsonCharsetGuard
{
    /// <remarks>Not an async lambda: every request passes here, and passing on its task costs no state machine.</remarks>
    public static void UseJsonCharsetGuard(this WebApplication app) => app.Use((http, next) =>
    {
        var charset = DeclaredCharset(http.Request.ContentType, out var mediaType);
        if (IsUtf8(charset))
        {
            // The framework looks the name up as given and knows neither "utf8" nor a quoted "\"utf-8\"": JSON without
            // a charset is UTF-8, so the declaration is dropped rather than refused.
            http.Request.ContentType = mediaType;
        }
        else if (charset is not null)
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Type = ProblemTypes.UnsupportedMediaType,
                    Title = "The request body must be JSON in UTF-8 (Content-Type: application/json; charset=utf-8).",
                },
            }).AsTask();
        }

        return next(http);
    });

    /// <summary>The charset a Content-Type declares (unquoted), or null when it declares none. A header that does not
    /// parse is left to the framework, which answers 415 for it without throwing.</summary>
    internal static string? DeclaredCharset(string? contentType, out string? mediaType)
    {
        mediaType = null;
        // Every send and verify passes here: skip the header parse (and its allocations) for the usual bare
        // "application/json", which declares no charset.
        if (string.IsNullOrEmpty(contentType) || !contentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || parsed.Parameters.All(p => !p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        mediaType = parsed.MediaType.Value;
        return HeaderUtilities.RemoveQuotes(parsed.Charset).Value ?? "";
    }

    internal static bool IsUtf8(string? charset) =>
        charset is not null && (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
}
