using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.Limits;

/// <summary>Which limit keys a send counts against: a tenant's users and numbers per tenant, the pumping brakes globally.</summary>
public sealed class AbuseLimitsTests
{
    private const string Phone = "+447700900123";

    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    private static readonly string[] CounterNames = ["client_per_minute", "country_per_minute", "tenant_country_per_minute"];

    private static readonly string[] CounterScopes = ["cl1mb", "cc1mb", "tcc1mb"];

    private readonly PseudonymKey pseudonymKey = TestKeys.NewPseudonymKey();

    [Test]
    public void ForSend_SameUserAndNumberInTwoTenants_CountAgainstDifferentPhoneUserAndIpKeys()
    {
        var limits = Limits(new LimitOptions());

        var mine = Keys(limits.ForSend(Send("shop"), Cooldown));
        var theirs = Keys(limits.ForSend(Send("bank"), Cooldown));

        foreach (var name in new[] { AbuseLimits.ResendCooldown, "phone_per_hour", "phone_per_day", "user_per_hour", "ip_per_hour" })
        {
            Assert.That(theirs[name], Is.Not.EqualTo(mine[name]), name);
        }

        Assert.That(theirs["country_per_minute"], Is.EqualTo(mine["country_per_minute"]), "one global ceiling per country");
        Assert.That(theirs["prefix_velocity"], Is.EqualTo(mine["prefix_velocity"]), "one global brake per number block");
    }

    /// <summary>Issue 27: the budgets shared by a whole client or country count every request, so they are bucketed counters
    /// (fixed size); what counts distinct numbers, gives back a cooldown or keeps an exact hour stays a log — under other
    /// key names than the counters, so neither is ever read as the other.</summary>
    [Test]
    public void ForSend_TheSharedPerMinuteBudgetsAreCounters_TheRestLogs()
    {
        var checks = Limits(new LimitOptions(), "shop", "bank").ForSend(Send("shop"), Cooldown);

        var counters = checks.Where(c => c.Bucketed).ToList();
        Assert.That(counters.Select(c => c.Name), Is.EquivalentTo(CounterNames));
        Assert.That(counters.Select(c => c.Key.Split(':')[0]), Is.EquivalentTo(CounterScopes));
        Assert.That(counters.Select(c => c.BucketWidth), Has.All.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(checks.Where(c => !c.Bucketed).Select(c => c.Key.Split(':')[0]), Has.None.EndsWith("b"));
    }

    [Test]
    public void ForSend_ResendCooldown_IsOneSendPerCooldown_AndOffWithoutACooldown()
    {
        var cooldown = Limits(new LimitOptions()).ForSend(Send("shop"), Cooldown).Single(c => c.Name == AbuseLimits.ResendCooldown);
        Assert.That((cooldown.Limit, cooldown.Window), Is.EqualTo((1, TimeSpan.FromSeconds(30))));

        var none = Limits(new LimitOptions()).ForSend(Send("shop"), TimeSpan.Zero);
        Assert.That(none.Select(c => c.Name), Has.None.EqualTo(AbuseLimits.ResendCooldown));
    }

    [Test]
    public void ForSend_ASingleSendingTenant_HasNoSeparateShare_UnlessConfiguredBelowTheCeiling()
    {
        var unset = Names(Limits(new LimitOptions(), "shop").ForSend(Send("shop"), Cooldown));
        var equal = Names(Limits(new LimitOptions { SendsPerCountryPerMinutePerTenant = 120, DistinctNumbersPerPrefixPerTenant = 10 }, "shop")
            .ForSend(Send("shop"), Cooldown));
        var below = Names(Limits(new LimitOptions { SendsPerCountryPerMinutePerTenant = 60, DistinctNumbersPerPrefixPerTenant = 5 }, "shop")
            .ForSend(Send("shop"), Cooldown));

        Assert.That(unset.Concat(equal), Has.None.StartsWith("tenant_"), "one tenant has the whole ceiling, as before shares");
        Assert.That(below, Has.Member("tenant_country_per_minute").And.Member("tenant_prefix_velocity"));
    }

    [Test]
    public void ForSend_ATenantsOwnCountryBudget_BeatsTheDefaultShare()
    {
        var options = new LimitOptions { SendsPerCountryPerMinutePerTenant = 30, DistinctNumbersPerPrefixPerTenant = 4 };
        options.TenantCountryBudgets["shop"] = new() { ["44"] = 5 };
        var limits = Limits(options);

        var shop = limits.ForSend(Send("shop"), Cooldown);
        var bank = limits.ForSend(Send("bank"), Cooldown);

        Assert.That(shop.Single(c => c.Name == "tenant_country_per_minute").Limit, Is.EqualTo(5));
        Assert.That(bank.Single(c => c.Name == "tenant_country_per_minute").Limit, Is.EqualTo(30));
        Assert.That(shop.Single(c => c.Name == "tenant_prefix_velocity").Distinct, Is.True, "a repeat number is free");
        Assert.That(Keys(shop)["tenant_country_per_minute"], Is.Not.EqualTo(Keys(bank)["tenant_country_per_minute"]));
    }

    private static readonly string[] NumberBudgets = ["phone_per_hour", "phone_per_day"];

    [Test]
    public void ForSend_ANumbersAndAUsersLimits_EachReadOneLog_WithOneEntryPerSend()
    {
        var checks = Limits(new LimitOptions()).ForSend(Send("shop"), Cooldown).ToDictionary(c => c.Name);

        Assert.That(NumberBudgets.Select(n => checks[n].Key), Is.All.EqualTo(checks[AbuseLimits.ResendCooldown].Key));
        Assert.That(checks["user_per_hour"].Key, Is.EqualTo(checks[AbuseLimits.PurposeResendCooldown].Key));
        Assert.That(checks["user_per_hour"].Key, Is.Not.EqualTo(checks["phone_per_hour"].Key));
        Assert.That(checks.Values.Where(c => !c.Distinct).Select(c => c.Member).Distinct().Count(), Is.EqualTo(1),
            "one member, so a failed text's receipt names both cooldowns' entries with it");
        Assert.That(checks.Values.Where(c => c.Among is not null).Select(c => c.Name),
            Is.EquivalentTo(new[] { AbuseLimits.ResendCooldown, AbuseLimits.PurposeResendCooldown }), "only the cooldowns skip given-back entries");
    }

    [Test]
    public void ForSend_EachPurposesCooldown_ReadsOnlyThatPurposesEntries_TheNumbersReadsAll()
    {
        var limits = Limits(new LimitOptions());
        var login = limits.ForSend(Send("shop"), Cooldown).Single(c => c.Name == AbuseLimits.PurposeResendCooldown);
        var signup = limits.ForSend(Send("shop") with { Purpose = "signup" }, Cooldown).Single(c => c.Name == AbuseLimits.PurposeResendCooldown);

        Assert.That(login.Among, Is.Not.Empty.And.Not.EqualTo(signup.Among));
        Assert.That(login.Member, Does.StartWith(login.Among!));
        Assert.That(limits.ForSend(Send("shop"), Cooldown).Single(c => c.Name == AbuseLimits.ResendCooldown).Among, Is.Empty);
    }

    [Test]
    public void ForVerify_PerIpLimit_CountsPerTenant() =>
        Assert.That(Limits(new LimitOptions()).ForVerify("shop", "203.0.113.9").Single().Key,
            Is.Not.EqualTo(Limits(new LimitOptions()).ForVerify("bank", "203.0.113.9").Single().Key));

    [Test]
    public void LimitKeys_HoldNoPhoneNumberUserIdTenantOrAddress()
    {
        var options = new LimitOptions { SendsPerCountryPerMinutePerTenant = 1, DistinctNumbersPerPrefixPerTenant = 1 };
        var keys = Limits(options).ForSend(Send("shop"), Cooldown).Select(c => c.Key + " " + c.Member);

        Assert.That(keys, Has.None.Contains(Phone[1..]).And.None.Contains("customer-7").And.None.Contains("shop")
            .And.None.Contains("203.0.113.9"));
    }

    private static SendLimitSubject Send(string tenant) => new(tenant + "-client", tenant, "customer-7", "login", CanonicalPhone.Of(Phone), "203.0.113.9");

    private static Dictionary<string, string> Keys(IEnumerable<LimitCheck> checks) => checks.ToDictionary(c => c.Name, c => c.Key);

    private static IEnumerable<string> Names(IEnumerable<LimitCheck> checks) => checks.Select(c => c.Name);

    private AbuseLimits Limits(LimitOptions options, params string[] sendingTenants) => TestLimits.For(options, pseudonymKey, sendingTenants);
}
