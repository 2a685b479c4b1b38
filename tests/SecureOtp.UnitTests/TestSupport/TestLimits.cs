using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary><see cref="AbuseLimits"/> as the service builds it, for a deployment whose sending clients act for the
/// tenants named (none: the single-tenant behaviour, no separate shares unless configured).</summary>
internal static class TestLimits
{
    public static AbuseLimits For(LimitOptions options, PseudonymKey pseudonymKey, params string[] sendingTenants)
    {
        var auth = new AuthOptions();
        foreach (var tenant in sendingTenants)
        {
            auth.ApiKeys[tenant + "-client"] = new ApiClientOptions { Tenant = tenant, Scopes = [Scopes.Send] };
        }

        return new AbuseLimits(Options.Create(options), Options.Create(auth), pseudonymKey);
    }
}
