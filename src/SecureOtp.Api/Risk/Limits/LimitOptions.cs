using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// <c>Limits:*</c>: every abuse limit, enforced in the store so they hold across replicas. 0 turns a limit off.
/// Defaults and their reasons are listed in docs/api.md (NIST SP 800-63B for failed verifies).
/// </summary>
internal sealed class LimitOptions
{
    public const string Section = "Limits";

    public int SendsPerPhonePerHour { get; set; } = 5;

    public int SendsPerPhonePerDay { get; set; } = 10;

    public int SendsPerUserPerHour { get; set; } = 10;

    public int SendsPerIpPerHour { get; set; } = 20;

    public int SendsPerClientPerMinute { get; set; } = 600;

    /// <summary>The SMS-pumping budget: sends per minute to one country calling code, over all users.</summary>
    public int SendsPerCountryPerMinute { get; set; } = 120;

    /// <summary>Per-country overrides of <see cref="SendsPerCountryPerMinute"/>, keyed by calling code ("44": 300).</summary>
    public Dictionary<string, int> CountryBudgets { get; set; } = [];

    /// <summary>Each tenant's share of a country's budget, so one tenant cannot use up another's; unset, half the country's
    /// budget where several tenants send (<see cref="TenantShares"/>); 0: no share.</summary>
    public int? SendsPerCountryPerMinutePerTenant { get; set; }

    /// <summary>Per-tenant, per-country shares: tenant → calling code → sends per minute (0: no share).</summary>
    public Dictionary<string, Dictionary<string, int>> TenantCountryBudgets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Pumping velocity brake: at most this many distinct numbers under one prefix within <see cref="PrefixWindow"/>.</summary>
    public int DistinctNumbersPerPrefix { get; set; } = 10;

    /// <summary>Digits (after '+') that make the prefix: 8 covers a country code and a number block.</summary>
    public int PrefixDigits { get; set; } = 8;

    public TimeSpan PrefixWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Each tenant's share of <see cref="DistinctNumbersPerPrefix"/>; unset, half of it where several tenants send
    /// (<see cref="TenantShares"/>); 0: no share.</summary>
    public int? DistinctNumbersPerPrefixPerTenant { get; set; }

    /// <summary>NIST SP 800-63B: no more than 100 consecutive failed attempts on one account.</summary>
    public int FailedVerifiesPerUserPerDay { get; set; } = 100;

    public int VerifiesPerIpPerHour { get; set; } = 300;

    /// <summary>IPv6 addresses count per network of this prefix length (a host usually owns a whole /64).</summary>
    public int Ipv6PrefixLength { get; set; } = 64;

    public int CountryBudget(string callingCode) =>
        CountryBudgets.TryGetValue(callingCode, out var budget) ? budget : SendsPerCountryPerMinute;
}

/// <summary>Refuses to start on a limit out of range, naming the key; a tenant's budget must name a configured tenant, and
/// a tenant's share must stay below its ceiling where several tenants send.</summary>
internal sealed class LimitOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<LimitOptions>
{
    private const int MaxLimit = 100_000;

    public ValidateOptionsResult Validate(string? name, LimitOptions o)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new (string, int)[]
                 {
                     ("SendsPerPhonePerHour", o.SendsPerPhonePerHour), ("SendsPerPhonePerDay", o.SendsPerPhonePerDay),
                     ("SendsPerUserPerHour", o.SendsPerUserPerHour), ("SendsPerIpPerHour", o.SendsPerIpPerHour),
                     ("SendsPerClientPerMinute", o.SendsPerClientPerMinute), ("SendsPerCountryPerMinute", o.SendsPerCountryPerMinute),
                     ("DistinctNumbersPerPrefix", o.DistinctNumbersPerPrefix), ("VerifiesPerIpPerHour", o.VerifiesPerIpPerHour),
                     ("SendsPerCountryPerMinutePerTenant", o.SendsPerCountryPerMinutePerTenant ?? 0),
                     ("DistinctNumbersPerPrefixPerTenant", o.DistinctNumbersPerPrefixPerTenant ?? 0),
                 })
        {
            if (value is < 0 or > MaxLimit)
            {
                failures.Add($"Limits:{key} must be between 0 (off) and {MaxLimit}.");
            }
        }

        if (o.FailedVerifiesPerUserPerDay is < 1 or > 100)
        {
            failures.Add("Limits:FailedVerifiesPerUserPerDay must be between 1 and 100 (NIST SP 800-63B allows at most 100).");
        }

        if (o.PrefixDigits is < 4 or > 14)
        {
            failures.Add("Limits:PrefixDigits must be between 4 and 14.");
        }

        if (o.Ipv6PrefixLength is < 32 or > 128)
        {
            failures.Add("Limits:Ipv6PrefixLength must be between 32 and 128 (64: one end-user network).");
        }

        if (o.PrefixWindow < TimeSpan.FromSeconds(10) || o.PrefixWindow > TimeSpan.FromDays(1))
        {
            failures.Add("Limits:PrefixWindow must be between 00:00:10 and 1.00:00:00.");
        }

        foreach (var (code, budget) in o.CountryBudgets)
        {
            // Digits only: the budget is looked up by the calling code as AbuseLimits spells it ("44", not "+44").
            if (!IsCountryBudget(code, budget))
            {
                failures.Add($"Limits:CountryBudgets:{code} must be an assigned 1-3 digit calling code with a budget of 0-{MaxLimit}.");
            }
        }

        var tenants = auth.Value.Tenants.ToHashSet(StringComparer.Ordinal);
        foreach (var (tenant, budgets) in o.TenantCountryBudgets)
        {
            if (!tenants.Contains(tenant))
            {
                failures.Add($"Limits:TenantCountryBudgets:{tenant} names no tenant of Auth:ApiKeys (a client's Tenant, or its name).");
            }

            failures.AddRange(budgets.Where(kv => !IsCountryBudget(kv.Key, kv.Value)).Select(kv =>
                $"Limits:TenantCountryBudgets:{tenant}:{kv.Key} must be an assigned 1-3 digit calling code with a budget of 0-{MaxLimit}."));
        }

        failures.AddRange(SharesReachingTheirCeiling(o, auth.Value.SendingTenants.Count()));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Where several tenants send, a configured share at or above its ceiling would let one tenant lock every
    /// other out of a country or number block; 0 is how to turn a share off on purpose.</summary>
    private static IEnumerable<string> SharesReachingTheirCeiling(LimitOptions o, int sendingTenants)
    {
        const string Why = "when several tenants send, or one tenant could use up the budget of all (0: no share)";
        if (TenantShares.ReachesCeiling(o.SendsPerCountryPerMinutePerTenant ?? 0, o.SendsPerCountryPerMinute, sendingTenants))
        {
            yield return $"Limits:SendsPerCountryPerMinutePerTenant must be below Limits:SendsPerCountryPerMinute ({o.SendsPerCountryPerMinute}) {Why}.";
        }

        if (TenantShares.ReachesCeiling(o.DistinctNumbersPerPrefixPerTenant ?? 0, o.DistinctNumbersPerPrefix, sendingTenants))
        {
            yield return $"Limits:DistinctNumbersPerPrefixPerTenant must be below Limits:DistinctNumbersPerPrefix ({o.DistinctNumbersPerPrefix}) {Why}.";
        }

        foreach (var (tenant, budgets) in o.TenantCountryBudgets)
        {
            foreach (var (code, budget) in budgets.Where(kv => TenantShares.ReachesCeiling(kv.Value, o.CountryBudget(kv.Key), sendingTenants)))
            {
                yield return $"Limits:TenantCountryBudgets:{tenant}:{code} must be below the country's budget ({o.CountryBudget(code)}) {Why}.";
            }
        }
    }

    private static bool IsCountryBudget(string code, int budget) =>
        code.All(char.IsAsciiDigit) && Destination.IsAssignedCallingCode(code) && budget is >= 0 and <= MaxLimit;
}
