using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace SecureOtp.Api.Hosting;

/// <summary>
/// <c>/openapi/v1.json</c>, the same bytes for every caller. The framework fills <c>servers</c> from the request's
/// <c>Host</c> header, so anyone could have the service hand out a document pointing clients at another host (and a
/// shared cache could keep that copy for everyone): the list is dropped, which per OpenAPI means "relative to where the
/// document was fetched". The document is built once and kept; it answers with an ETag and
/// <c>Cache-Control: public, no-cache</c>: a cache may keep it but asks again each time, because a deployment changes
/// the contract and a client generator must never work from a stale copy; asking again costs a 304.
/// </summary>
internal static class ApiDocument
{
    public const string Path = "/openapi/v1.json";

    public static void AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = null;
            return Task.CompletedTask;
        }));
        builder.Services.AddSingleton<Cache>();
    }

    public static void MapApiDocument(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(http.Request.Method),
            branch => branch.Use((http, next) => http.RequestServices.GetRequiredService<Cache>().ServeAsync(http, next)));
        app.MapOpenApi(Path);
    }

    /// <summary>The document's bytes, kept after the first time the framework wrote them.</summary>
    internal sealed class Cache
    {
        private Built? built;

        public async Task ServeAsync(HttpContext http, RequestDelegate next)
        {
            var document = built ?? await BuildAsync(http, next);
            if (document is null)
            {
                return; // the framework answered something else (it never should); that answer has been sent as it was
            }

            http.Response.Headers.CacheControl = "public, no-cache";
            http.Response.Headers.ETag = document.ETag;
            if (http.Request.Headers.IfNoneMatch.Any(tag => tag is not null && (tag == "*" || tag.Contains(document.ETag, StringComparison.Ordinal))))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            http.Response.ContentType = document.ContentType;
            http.Response.ContentLength = document.Body.Length;
            await http.Response.Body.WriteAsync(document.Body, http.RequestAborted);
        }

        private async Task<Built?> BuildAsync(HttpContext http, RequestDelegate next)
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            if (http.Response.StatusCode != StatusCodes.Status200OK)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, http.RequestAborted);
                return null;
            }

            var body = buffer.ToArray();
            var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"").ToString();
            return built = new Built(body, http.Response.ContentType ?? "application/json;charset=utf-8", etag);
        }

        private sealed record Built(byte[] Body, string ContentType, string ETag);
    }
}
