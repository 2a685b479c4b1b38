using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Risk.Limits;

/// <summary>The per-tenant shares are checked at start like every other limit, must name a configured tenant, and where
/// several tenants send must stay below their ceiling (issue 21, finding 3).</summary>
public sealed class LimitOptionsValidatorTests
{
    [Test]
    public void Validate_SharesForConfiguredTenants_Succeed()
    {
        var options = new LimitOptions { SendsPerCountryPerMinutePerTenant = 40, DistinctNumbersPerPrefixPerTenant = 3 };
        options.TenantCountryBudgets["shop"] = new() { ["44"] = 10, ["1"] = 0 };
        options.TenantCountryBudgets["app"] = new() { ["33"] = 5 };

        var result = Validate(options);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_ABudgetForAnUnknownTenant_FailsNamingIt() =>
        AssertFailsNaming(new LimitOptions { TenantCountryBudgets = new() { ["shpo"] = new() { ["44"] = 10 } } }, "Limits:TenantCountryBudgets:shpo");

    [TestCase("4x", 10)]
    [TestCase("4444", 10)]
    [TestCase("44", -1)]
    [TestCase("44", 100_001)]
    public void Validate_AMalformedTenantBudget_FailsNamingIt(string code, int budget) =>
        AssertFailsNaming(new LimitOptions { TenantCountryBudgets = new() { ["shop"] = new() { [code] = budget } } },
            $"Limits:TenantCountryBudgets:shop:{code}");

    [Test]
    public void Validate_NegativeShares_FailNamingThem()
    {
        var message = AssertFailsNaming(new LimitOptions { SendsPerCountryPerMinutePerTenant = -1, DistinctNumbersPerPrefixPerTenant = -2 },
            "Limits:SendsPerCountryPerMinutePerTenant");
        Assert.That(message, Does.Contain("Limits:DistinctNumbersPerPrefixPerTenant"));
    }

    [Test]
    public void Validate_WithSeveralSendingTenants_ACommonShareAtTheCeiling_FailsNamingIt()
    {
        var message = AssertFailsNaming(new LimitOptions { SendsPerCountryPerMinutePerTenant = 120, DistinctNumbersPerPrefixPerTenant = 11 },
            "Limits:SendsPerCountryPerMinutePerTenant must be below Limits:SendsPerCountryPerMinute (120)");
        Assert.That(message, Does.Contain("Limits:DistinctNumbersPerPrefixPerTenant must be below Limits:DistinctNumbersPerPrefix (10)"));
    }

    [Test]
    public void Validate_WithSeveralSendingTenants_ATenantsBudgetAtItsCountrysCeiling_FailsNamingIt()
    {
        var options = new LimitOptions { CountryBudgets = { ["44"] = 30 } };
        options.TenantCountryBudgets["shop"] = new() { ["44"] = 30, ["33"] = 119 };

        var message = AssertFailsNaming(options, "Limits:TenantCountryBudgets:shop:44 must be below the country's budget (30)");
        Assert.That(message, Does.Not.Contain("shop:33"));
    }

    [Test]
    public void Validate_SharesTurnedOff_OrAtTheCeilingOfASingleSendingTenant_Succeed()
    {
        var off = new LimitOptions { SendsPerCountryPerMinutePerTenant = 0, DistinctNumbersPerPrefixPerTenant = 0 };
        off.TenantCountryBudgets["shop"] = new() { ["44"] = 0 };
        var atCeiling = new LimitOptions { SendsPerCountryPerMinutePerTenant = 120, DistinctNumbersPerPrefixPerTenant = 10 };

        Assert.That(Validate(off).Succeeded, Is.True, "0: the operator turns a share off on purpose");
        Assert.That(Validate(atCeiling, sendingTenants: ["shop"]).Succeeded, Is.True, "one tenant has no one to lock out");
    }

    /// <summary>"shop" is a tenant by its client's name; "app" only as the Tenant of two clients. By default both send.</summary>
    private static ValidateOptionsResult Validate(LimitOptions options, string[]? sendingTenants = null)
    {
        sendingTenants ??= ["shop", "app"];
        var auth = new AuthOptions();
        auth.ApiKeys["shop"] = new ApiClientOptions { Scopes = Scope(sendingTenants.Contains("shop")) };
        auth.ApiKeys["app-send"] = new ApiClientOptions { Tenant = "app", Scopes = Scope(sendingTenants.Contains("app")) };
        auth.ApiKeys["app-verify"] = new ApiClientOptions { Tenant = "app", Scopes = [Scopes.Verify] };
        return new LimitOptionsValidator(Options.Create(auth)).Validate(null, options);
    }

    private static List<string> Scope(bool sends) => [sends ? Scopes.Send : Scopes.Verify];

    private static string AssertFailsNaming(LimitOptions options, string configKey)
    {
        var result = Validate(options);

        Assert.That(result.Failed, Is.True, $"expected a failure naming {configKey}");
        Assert.That(result.FailureMessage, Does.Contain(configKey));
        return result.FailureMessage;
    }
}
