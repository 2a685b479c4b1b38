using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// API keys the test host is configured with. "sender" and "verifier" are one application's send-only and verify-only
/// keys, so they share the tenant "app" on purpose; "full" and the "other" clients are tenants of their own, which the
/// tenancy tests use as strangers to each other.
/// </summary>
public static class TestApiKeys
{
    public const string Full = "test-key-full-0123456789";
    public const string SendOnly = "test-key-send-0123456789";
    public const string VerifyOnly = "test-key-verify-0123456789";

    /// <summary>Another tenant with both scopes.</summary>
    public const string OtherTenant = "test-key-other-0123456789";

    /// <summary>Another tenant's verify-only key (its own tenant: the one that verified a stranger's id in issue 13).</summary>
    public const string OtherTenantVerifyOnly = "test-key-other-verify-0123456789";

    /// <summary>An operator's key: <c>otp:admin</c> only (its own tenant, which sends nothing).</summary>
    public const string Admin = "test-key-admin-0123456789";

    /// <param name="clients">The clients to configure, by name ("full", "sender", …); all of them by default.</param>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(IReadOnlyCollection<string>? clients = null)
    {
        foreach (var (client, key, scopes, tenant) in new[]
                 {
                     ("full", Full, new[] { "otp:send", "otp:verify" }, (string?)null),
                     ("sender", SendOnly, new[] { "otp:send" }, "app"),
                     ("verifier", VerifyOnly, new[] { "otp:verify" }, "app"),
                     ("other", OtherTenant, new[] { "otp:send", "otp:verify" }, null),
                     ("other-verifier", OtherTenantVerifyOnly, new[] { "otp:verify" }, null),
                     ("admin", Admin, new[] { "otp:admin" }, null),
                 })
        {
            if (clients is not null && !clients.Contains(client))
            {
                continue;
            }

            yield return new($"Auth:ApiKeys:{client}:KeyHash", Hash(key));
            for (var i = 0; i < scopes.Length; i++)
            {
                yield return new($"Auth:ApiKeys:{client}:Scopes:{i}", scopes[i]);
            }

            if (tenant is not null)
            {
                yield return new($"Auth:ApiKeys:{client}:Tenant", tenant);
            }
        }
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
