using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Risk.Limits;

/// <summary>The per-tenant shares are checked at start like every other limit, and must name a configured tenant.</summary>
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

    /// <summary>"shop" is a tenant by its client's name; "app" only as the Tenant of two clients.</summary>
    private static ValidateOptionsResult Validate(LimitOptions options)
    {
        var auth = new AuthOptions();
        auth.ApiKeys["shop"] = new ApiClientOptions();
        auth.ApiKeys["app-send"] = new ApiClientOptions { Tenant = "app" };
        auth.ApiKeys["app-verify"] = new ApiClientOptions { Tenant = "app" };
        return new LimitOptionsValidator(Options.Create(auth)).Validate(null, options);
    }

    private static string AssertFailsNaming(LimitOptions options, string configKey)
    {
        var result = Validate(options);

        Assert.That(result.Failed, Is.True, $"expected a failure naming {configKey}");
        Assert.That(result.FailureMessage, Does.Contain(configKey));
        return result.FailureMessage;
    }
}
