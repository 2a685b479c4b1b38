using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

/// <summary>Bound from <c>Auth:*</c>: <c>Auth:ApiKeys:&lt;client&gt;:KeyHash</c>, <c>...:Scopes</c> and <c>...:Tenant</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    public Dictionary<string, ApiClientOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every tenant some client acts for.</summary>
    public IEnumerable<string> Tenants => ApiKeys.Select(kv => TenantOf(kv.Key, kv.Value)).Distinct(StringComparer.Ordinal);

    /// <summary>Every tenant some client may send for: the ones that draw on the shared SMS budgets.</summary>
    public IEnumerable<string> SendingTenants => ApiKeys.Where(kv => kv.Value.Scopes.Contains(Scopes.Send))
        .Select(kv => TenantOf(kv.Key, kv.Value)).Distinct(StringComparer.Ordinal);

    public static string TenantOf(string client, ApiClientOptions settings) => settings.Tenant ?? client;
}

internal sealed class ApiClientOptions
{
    /// <summary>SHA-256 of the key, lower-case hex. The key itself is never configured or stored.</summary>
    public string? KeyHash { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// The tenant the client acts for; by default the client's own name. Verifications, users and their limits belong to
    /// a tenant, so two clients see each other's verifications only when an operator gives them one tenant on purpose
    /// (an application's send-only and verify-only keys).
    /// </summary>
    public string? Tenant { get; set; }
}

/// <summary>Who is calling: the configured client (named in logs and metrics) and the tenant it acts for.</summary>
internal sealed record ApiCaller(string Client, string Tenant);

internal static class Scopes
{
    public const string Send = "otp:send";
    public const string Verify = "otp:verify";

    /// <summary>Operators' reads of the whole service (<c>GET /ops/routes</c>): no tenant's data, but every tenant's traffic shape.</summary>
    public const string Admin = "otp:admin";
    public const string ClaimType = "scope";

    public static readonly string[] All = [Send, Verify, Admin];
}

internal sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.ApiKeys.Count == 0)
        {
            failures.Add("Auth:ApiKeys must define at least one client (Auth:ApiKeys:<client>:KeyHash and :Scopes).");
        }

        foreach (var (client, settings) in options.ApiKeys)
        {
            if (settings.KeyHash is null || !Sha256Hex().IsMatch(settings.KeyHash))
            {
                failures.Add($"Auth:ApiKeys:{client}:KeyHash must be the SHA-256 of the key as 64 lower-case hex characters.");
            }

            if (settings.Scopes.Count == 0 || settings.Scopes.Any(s => !Scopes.All.Contains(s)))
            {
                failures.Add($"Auth:ApiKeys:{client}:Scopes must list one or more of {string.Join(", ", Scopes.All)}.");
            }

            if (settings.Tenant is not null && !TenantName().IsMatch(settings.Tenant))
            {
                failures.Add($"Auth:ApiKeys:{client}:Tenant must be 1-64 characters of [A-Za-z0-9._-] (or left out: the client's own name).");
            }
        }

        var duplicates = options.ApiKeys.GroupBy(kv => kv.Value.KeyHash).Where(g => g.Key is not null && g.Count() > 1);
        failures.AddRange(duplicates.Select(g => $"Auth:ApiKeys: clients {string.Join(", ", g.Select(kv => kv.Key))} share one key hash; give each client its own key."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[0-9a-f]{64}\z")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex TenantName();
}
