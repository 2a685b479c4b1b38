namespace SecureOtp.Api.Errors;

internal static class ProblemResponsesExtensions
{
    /// <summary>RFC 9457 problems for every error, and exceptions mapped to stable problem types.</summary>
    public static void AddProblemResponses(this WebApplicationBuilder builder)
    {
        // Minimal APIs answer an unreadable body with a bare 400 outside Development; throwing instead lets the
        // exception handler write the same problem+json in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // The framework's own problems (unknown route, wrong media type...) come with RFC links; clients get slugs.
            if (ctx.ProblemDetails.Type is null || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                ctx.ProblemDetails.Type = DefaultType(ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode);
            }

            ctx.ProblemDetails.Extensions.Remove("exception"); // never leak internals, even in Development
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
    }

    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestSizeGuard();
        app.UseJsonCharsetGuard();
    }

    /// <summary>Slugs for the statuses the framework itself produces (unknown route, wrong method, crash).</summary>
    private static string DefaultType(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.InvalidRequest,
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status414UriTooLong => ProblemTypes.UriTooLong,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ProblemTypes.RequestHeadersTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        _ => ProblemTypes.InternalError,
    };
}
