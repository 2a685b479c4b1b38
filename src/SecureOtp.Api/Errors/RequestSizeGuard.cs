using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace SecureOtp.Api.Errors;

/// <summary>
/// The service's own limits on a request's target and headers, answered as problems (<c>414 uri_too_long</c>,
/// <c>431 request_headers_too_large</c>). Kestrel refuses what is over its limits while parsing, before any middleware
/// runs, with an empty body; so Kestrel's limits are set to twice these (<c>ServiceDefaults</c>) and the band in
/// between, where a client that overshoots by mistake lands, gets an answer it can read. The sizes are what Kestrel
/// accepted before (name and value bytes only, so nothing it took is refused now).
/// </summary>
internal static class RequestSizeGuard
{
    /// <summary>The longest request target (path and query as sent); the longest a route needs is under 2 KiB.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The most header bytes (names and values) and header lines a request may carry.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's own limits are this many times the service's: past them its bare answer is all there is.</summary>
    public const int KestrelHeadroom = 2;

    /// <remarks>Not an async lambda: every request passes here, and passing on its task costs no state machine.</remarks>
    public static void UseRequestSizeGuard(this WebApplication app) => app.Use((http, next) =>
    {
        var kind = TargetLength(http) > MaxTargetLength ? CommonProblems.UriTooLong
            : HeadersTooLarge(http.Request.Headers) ? CommonProblems.RequestHeadersTooLarge
            : null;
        if (kind is null)
        {
            return next(http);
        }

        http.Response.StatusCode = kind.Status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title },
        }).AsTask();
    });

    private static int TargetLength(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget.Length
        ?? http.Request.Path.Value?.Length + http.Request.QueryString.Value?.Length ?? 0;

    private static bool HeadersTooLarge(IHeaderDictionary headers)
    {
        var lines = 0;
        var bytes = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                lines++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }

        return lines > MaxHeaderCount || bytes > MaxHeaderBytes;
    }
}
