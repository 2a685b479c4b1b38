using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.Limits;

/// <summary>
/// Issue 21, finding 3: with defaults, one tenant's sends could fill the shared country and number-block ceilings and
/// lock every other tenant out. Where several tenants send, each now has a share of half of each ceiling unless
/// configured otherwise; a single sending tenant keeps the whole ceiling.
/// </summary>
public sealed class TenantShareDefaultsTests
{
    private const string UkPhone = "+447700900123";

    private readonly PseudonymKey pseudonymKey = TestKeys.NewPseudonymKey();

    [Test]
    public void ByDefault_TwoSendingTenants_EachGetHalfOfEachCeiling()
    {
        var checks = Checks(new LimitOptions(), UkPhone, "shop", "bank");

        Assert.That(checks["country_per_minute"], Is.EqualTo(120));
        Assert.That(checks["tenant_country_per_minute"], Is.EqualTo(60));
        Assert.That(checks["prefix_velocity"], Is.EqualTo(10));
        Assert.That(checks["tenant_prefix_velocity"], Is.EqualTo(5));
    }

    [TestCase(0, 0)]
    [TestCase(1, 0)]
    [TestCase(2, 1)]
    [TestCase(3, 2)]
    [TestCase(10, 5)]
    [TestCase(120, 60)]
    public void TheDefaultShare_IsHalfTheCeilingRoundedUp_AndAlwaysBelowIt(int ceiling, int share)
    {
        Assert.That(TenantShares.Default(ceiling, sendingTenants: 2), Is.EqualTo(share), "0: no separate share");
        Assert.That(TenantShares.Default(ceiling, sendingTenants: 1), Is.Zero, "one tenant: the ceiling is its own");
    }

    [Test]
    public void ByDefault_ACountrysOwnBudget_GetsItsOwnHalf()
    {
        var options = new LimitOptions { CountryBudgets = { ["44"] = 7 } };

        Assert.That(Checks(options, UkPhone, "shop", "bank")["tenant_country_per_minute"], Is.EqualTo(4));
    }

    [Test]
    public void ACommonShareAtOrAboveACountrysLowerBudget_GivesWayToTheDefault()
    {
        var options = new LimitOptions { SendsPerCountryPerMinutePerTenant = 40, CountryBudgets = { ["44"] = 20 } };

        Assert.That(Checks(options, UkPhone, "shop", "bank")["tenant_country_per_minute"], Is.EqualTo(10));
        Assert.That(Checks(options, "+33612345678", "shop", "bank")["tenant_country_per_minute"], Is.EqualTo(40));
    }

    [Test]
    public void ZeroConfigured_TurnsTheSharesOff()
    {
        var options = new LimitOptions { SendsPerCountryPerMinutePerTenant = 0, DistinctNumbersPerPrefixPerTenant = 0 };

        Assert.That(Checks(options, UkPhone, "shop", "bank").Keys, Has.None.StartsWith("tenant_"));
    }

    [Test]
    public void OneSendingTenant_HasTheWholeCeiling_WhateverTenantsOnlyVerify()
    {
        var auth = new AuthOptions();
        auth.ApiKeys["shop"] = new ApiClientOptions { Scopes = [Scopes.Send, Scopes.Verify] };
        auth.ApiKeys["audit"] = new ApiClientOptions { Scopes = [Scopes.Verify] };

        Assert.That(auth.SendingTenants.Single(), Is.EqualTo("shop"));
        Assert.That(Checks(new LimitOptions(), UkPhone, "shop").Keys, Has.None.StartsWith("tenant_"));
    }

    /// <summary>Limit name → limit of a send by the first tenant, where <paramref name="sendingTenants"/> send.</summary>
    private Dictionary<string, int> Checks(LimitOptions options, string phone, params string[] sendingTenants) =>
        TestLimits.For(options, pseudonymKey, sendingTenants)
            .ForSend(new SendLimitSubject("c", sendingTenants[0], "customer-7", "login", CanonicalPhone.Of(phone), null), TimeSpan.FromSeconds(30))
            .ToDictionary(c => c.Name, c => c.Limit);
}
