namespace SecureOtp.Api.Errors;

internal static class NoStore
{
    /// <summary>
    /// Marks every answer of the group <c>Cache-Control: no-store</c>: answers that carry a factor's state, a secret or
    /// recovery codes must not be kept by a proxy or a browser.
    /// </summary>
    public static RouteGroupBuilder DisallowCaching(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
        return group;
    }
}
