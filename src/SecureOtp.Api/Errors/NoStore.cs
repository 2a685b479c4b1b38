namespace SecureOtp.Api.Errors;

internal static class NoStore
{
    /// <summary>
    /// Marks every answer of the group <c>Cache-Control: no-store</c>: answers that carry a factor's state, a secret or
    /// recovery codes must not be kept by a proxy or a browser. <see cref="UseNoStore"/> sets the header.
    /// </summary>
    public static RouteGroupBuilder DisallowCaching(this RouteGroupBuilder group) => group.WithMetadata(NoStoreMarker.Instance);

    /// <summary>
    /// Sets the header for the marked endpoints, before authentication, so their 401 and 403 answers carry it too.
    /// </summary>
    /// <remarks>A middleware, not an endpoint filter: a filter makes the framework box every handler argument into an
    /// invocation context and adds a state machine to each send and verify.</remarks>
    public static void UseNoStore(this WebApplication app) => app.Use((http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<NoStoreMarker>() is not null)
        {
            http.Response.Headers.CacheControl = "no-store";
        }

        return next(http);
    });

    private sealed class NoStoreMarker
    {
        public static readonly NoStoreMarker Instance = new();
    }
}
