using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;

namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>
/// One request through the application's pipeline without a server or a socket, as a test server would make it: its own
/// service scope, a body in memory, the answer written to memory and dropped. It bypasses the hosting layer, so it opens
/// no <c>http.server</c> span and counts in no <c>http.server.*</c> metric.
/// </summary>
internal static class InProcessRequest
{
    public static async Task<int> SendAsync(
        RequestDelegate pipeline, IServiceScopeFactory scopes, ClaimsPrincipal user, string method, string path, byte[]? json,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var answer = new MemoryStream();
        IHeaderDictionary headers = new HeaderDictionary();
        headers.Host = "localhost";
        if (json is not null)
        {
            headers.ContentType = "application/json";
            headers.ContentLength = json.Length;
        }

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = method, Path = path, Scheme = "http", Protocol = "HTTP/1.1", Headers = headers,
            Body = json is null ? Stream.Null : new MemoryStream(json, writable: false),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(json is not null));
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(answer));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });

        // No X-Api-Key: the authentication handler finds none and leaves this principal in place, and the endpoint's
        // scope policy checks it as it would a client's.
        var context = new DefaultHttpContext(features) { User = user };
        await pipeline(context);
        await context.Response.CompleteAsync();
        return context.Response.StatusCode;
    }

    /// <summary>Minimal APIs read a JSON body only from a request the server says can have one.</summary>
    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }
}
