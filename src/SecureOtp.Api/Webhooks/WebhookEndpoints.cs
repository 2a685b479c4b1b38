using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Webhooks;

/// <summary>Each tenant's endpoint as read once at start (validated by <see cref="WebhookOptionsValidator"/>): the URL and
/// the decoded secrets, the current one first.</summary>
internal sealed class WebhookEndpoints(IOptions<WebhookOptions> options)
{
    private readonly Dictionary<string, Endpoint> byTenant = options.Value.Endpoints.ToDictionary(
        kv => kv.Key,
        kv => new Endpoint(new Uri(kv.Value.Url!), [Decode(kv.Value.Secret), .. kv.Value.PreviousSecrets.Select(Decode)]),
        StringComparer.Ordinal);

    public Endpoint Of(string tenant) => byTenant[tenant];

    private static byte[] Decode(string? secret) => WebhookSecret.TryParse(secret, out var key) ? key : [];

    internal sealed record Endpoint(Uri Url, IReadOnlyList<byte[]> Keys);
}
