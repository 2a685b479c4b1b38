using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

/// <summary>Bound from <c>Auth:*</c>: <c>Auth:ApiKeys:&lt;client&gt;:KeyHash</c> and <c>...:Scopes</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    public Dictionary<string, ApiClientOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class ApiClientOptions
{
    /// <summary>SHA-256 of the key, lower-case hex. The key itself is never configured or stored.</summary>
    public string? KeyHash { get; set; }

    public List<string> Scopes { get; set; } = [];
}

internal static class Scopes
{
    public const string Send = "otp:send";
    public const string Verify = "otp:verify";
    public const string ClaimType = "scope";

    public static readonly string[] All = [Send, Verify];
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
        }

        var duplicates = options.ApiKeys.GroupBy(kv => kv.Value.KeyHash).Where(g => g.Key is not null && g.Count() > 1);
        failures.AddRange(duplicates.Select(g => $"Auth:ApiKeys: clients {string.Join(", ", g.Select(kv => kv.Key))} share one key hash; give each client its own key."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[0-9a-f]{64}\z")]
    private static partial Regex Sha256Hex();
}
