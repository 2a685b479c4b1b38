namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// Each tenant's share of the SMS-pumping ceilings (<c>country_per_minute</c>, <c>prefix_velocity</c>), so that a tenant
/// runs into its own share before it can use up a ceiling every tenant depends on.
/// <para>Where several tenants send, a share left unset is half its ceiling, rounded up: one tenant alone never fills a
/// ceiling, and the others keep at least the other half between them. Two tenants at their shares can still fill it
/// together; shares of ceiling / tenants would rule that out as well, but shrink each tenant's headroom with every tenant
/// added — an operator who needs that sets the shares explicitly (docs/api.md, "Tenant shares").</para>
/// <para>A single sending tenant has the whole ceiling (no separate share check): there is no one else to lock out.</para>
/// </summary>
internal sealed class TenantShares(LimitOptions options, int sendingTenants)
{
    /// <summary>The share checked for <paramref name="tenant"/>'s sends to a country under <paramref name="ceiling"/>
    /// sends per minute; 0: no separate check.</summary>
    public int Country(string tenant, string callingCode, int ceiling) =>
        options.TenantCountryBudgets.TryGetValue(tenant, out var budgets) && budgets.TryGetValue(callingCode, out var budget)
            ? Share(budget, ceiling)
            : Share(options.SendsPerCountryPerMinutePerTenant, ceiling);

    /// <summary>The share of distinct numbers per number block checked for each tenant; 0: no separate check.</summary>
    public int Prefix() => Share(options.DistinctNumbersPerPrefixPerTenant, options.DistinctNumbersPerPrefix);

    /// <summary>The share when nothing is configured: half the ceiling (rounded up) where several tenants send, else none.
    /// A ceiling of 1 (or off) has no share below it.</summary>
    public static int Default(int ceiling, int sendingTenants) =>
        sendingTenants > 1 && ceiling > 1 ? (ceiling + 1) / 2 : 0;

    /// <summary>True when a configured share (not off) would let one tenant fill <paramref name="ceiling"/> alone.</summary>
    public static bool ReachesCeiling(int share, int ceiling, int sendingTenants) =>
        sendingTenants > 1 && share > 0 && ceiling > 0 && share >= ceiling;

    /// <summary>0 configured turns the share off. A configured share binds only below its ceiling (no ceiling: always);
    /// where several tenants send, one at or above the ceiling (a country whose own budget is lower than the common share)
    /// gives way to the default, so it still keeps one tenant from filling the ceiling.</summary>
    private int Share(int? configured, int ceiling) => configured switch
    {
        null => Default(ceiling, sendingTenants),
        0 => 0,
        var share when ceiling == 0 || share < ceiling => share.Value,
        _ => Default(ceiling, sendingTenants),
    };
}
