using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

/// <summary>
/// The configured API clients, parsed once: the authentication handler is created per request, and rebuilding this table
/// there (hex-decoding every key hash, copying every scope list) cost each request work proportional to the number of
/// clients. Keys are fixed for the process's life: a change of <c>Auth:ApiKeys</c> takes a restart (as it did before).
/// </summary>
internal sealed class ApiKeyDirectory(IOptions<AuthOptions> options)
{
    public IReadOnlyList<ApiClient> Clients { get; } =
        [.. options.Value.ApiKeys.Select(kv => new ApiClient(kv.Key, Convert.FromHexString(kv.Value.KeyHash!),
            AuthOptions.TenantOf(kv.Key, kv.Value), [.. kv.Value.Scopes]))];
}

/// <summary>One configured client: the SHA-256 of its key, the tenant it acts for and its scopes.</summary>
internal sealed record ApiClient(string Name, byte[] KeyHash, string Tenant, string[] Scopes)
{
    /// <summary>A new principal per request: a ClaimsPrincipal is mutable, so none is shared between requests.</summary>
    public ClaimsPrincipal Principal(string scheme)
    {
        var claims = new List<Claim>(2 + Scopes.Length)
        {
            new(ClaimTypes.Name, Name),
            new(SecurityExtensions.TenantClaimType, Tenant),
        };
        foreach (var scope in Scopes)
        {
            claims.Add(new Claim(Security.Scopes.ClaimType, scope));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
