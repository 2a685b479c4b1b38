using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Tenancy;

/// <summary>
/// Issue 13, finding 2: locking a victim's phone out cost an attacker five sends (one per purpose, each skipping the
/// user+purpose cooldown), and one tenant could use up another's per-phone limits and country budget. Now the resend
/// cooldown holds per (tenant, phone) across purposes, per-phone and per-user limits count per tenant, and the country
/// and prefix brakes give each tenant its own share under the global ceiling.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TenantLimitTests(StoreKind store) : AppsPerTest
{
    [Test]
    public async Task ChangingThePurposeOrTheUser_DoesNotSkipThePhonesResendCooldown()
    {
        var app = Start([]);
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        var userId = OtpClient.NewUserId();
        await client.StartAsync(userId, phone, purpose: "login");
        app.Clock.Advance(TimeSpan.FromSeconds(7));

        using var otherPurpose = await client.SendAsync(userId, phone, purpose: "payment");
        var problem = await ProblemAssert.IsProblem(otherPurpose, HttpStatusCode.TooManyRequests, "resend_too_soon");
        Assert.That(otherPurpose.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(23)));
        Assert.That(problem["retryAfter"]!.GetValue<int>(), Is.EqualTo(23));
        using var otherUser = await client.SendAsync(OtpClient.NewUserId(), phone, purpose: "signup");
        await ProblemAssert.IsProblem(otherUser, HttpStatusCode.TooManyRequests, "resend_too_soon");

        app.Clock.Advance(TimeSpan.FromSeconds(23));
        await client.StartAsync(userId, phone, purpose: "payment");
    }

    /// <summary>The attack as reported: five sends with purposes p0…p4 used up the victim's phone_per_hour (and each
    /// cancelled the victim's live code). Now four of them are refused, cost nothing, and the victim can still log in.</summary>
    [Test]
    public async Task FiveSendsWithFivePurposes_NoLongerLockTheVictimsPhoneOut()
    {
        var app = Start([]);
        var client = OtpClient.For(app);
        var (victim, phone) = (OtpClient.NewUserId(), OtpClient.NewPhone());
        var refused = 0;
        for (var i = 0; i < 5; i++)
        {
            using var attack = await client.SendAsync(victim, phone, purpose: $"p{i}");
            refused += attack.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.That(refused, Is.EqualTo(4));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var id = await client.StartAsync(victim, phone, purpose: "login");
        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), victim);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("Limits:SendsPerPhonePerHour", "phone_per_hour", true)]
    [TestCase("Limits:SendsPerUserPerHour", "user_per_hour", false)]
    public async Task APhoneOrUserLimitUsedUpInOneTenant_LeavesAnotherTenantFree(string key, string limit, bool samePhone)
    {
        var app = Start(new() { [key] = "2", ["Otp:ResendCooldown"] = "00:00:00" });
        var (mine, theirs) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));
        var (userId, phone) = ("shared-user", OtpClient.NewPhone());
        string Phone() => samePhone ? phone : OtpClient.NewPhone();
        string User() => samePhone ? OtpClient.NewUserId() : userId;
        await mine.StartAsync(User(), Phone());
        await mine.StartAsync(User(), Phone());
        using var refused = await mine.SendAsync(User(), Phone());
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo(limit));

        using var elsewhere = await theirs.SendAsync(User(), Phone());
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the other tenant counts its own");
    }

    [Test]
    public async Task ATenantUsingUpItsCountryShare_LeavesAnotherTenantAbleToSend()
    {
        var app = Start(new() { ["Limits:SendsPerCountryPerMinutePerTenant"] = "3" });
        var (mine, theirs) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));
        for (var i = 0; i < 3; i++)
        {
            await mine.StartAsync(OtpClient.NewUserId(), UkNumber(i));
        }

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        using var refused = await mine.SendAsync(OtpClient.NewUserId(), UkNumber(3));
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("tenant_country_per_minute"));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(55)));

        using var elsewhere = await theirs.SendAsync(OtpClient.NewUserId(), UkNumber(4));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the other tenant has its own share");
        using var otherCountry = await mine.SendAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        Assert.That(otherCountry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the share is per country");
    }

    [Test]
    public async Task ATenantsOwnCountryBudget_OverridesTheDefaultShare_AndTheGlobalCeilingStillHolds()
    {
        var app = Start(new()
        {
            ["Limits:SendsPerCountryPerMinute"] = "4",
            ["Limits:SendsPerCountryPerMinutePerTenant"] = "3",
            ["Limits:TenantCountryBudgets:other:44"] = "1",
        });
        var (mine, theirs) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));
        await theirs.StartAsync(OtpClient.NewUserId(), UkNumber(0));
        using (var overShare = await theirs.SendAsync(OtpClient.NewUserId(), UkNumber(1)))
        {
            var problem = await ProblemAssert.IsProblem(overShare, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("tenant_country_per_minute"));
        }

        for (var i = 2; i < 5; i++)
        {
            await mine.StartAsync(OtpClient.NewUserId(), UkNumber(i));
        }

        using var mineOver = await mine.SendAsync(OtpClient.NewUserId(), UkNumber(5));
        var ceiling = await ProblemAssert.IsProblem(mineOver, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(ceiling["limit"]!.GetValue<string>(), Is.AnyOf("country_per_minute", "tenant_country_per_minute"));
        using var sharedCeiling = await OtpClient.For(app, TestApiKeys.SendOnly).SendAsync(OtpClient.NewUserId(), UkNumber(6));
        var global = await ProblemAssert.IsProblem(sharedCeiling, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(global["limit"]!.GetValue<string>(), Is.EqualTo("country_per_minute"), "4 sends in all: the global ceiling");
    }

    [Test]
    public async Task ATenantUsingUpItsPrefixShare_LeavesAnotherTenantAbleToSendToTheBlock()
    {
        var app = Start(new() { ["Limits:DistinctNumbersPerPrefixPerTenant"] = "2" });
        var (mine, theirs) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));
        await mine.StartAsync(OtpClient.NewUserId(), UkNumber(0));
        await mine.StartAsync(OtpClient.NewUserId(), UkNumber(1));

        using var refused = await mine.SendAsync(OtpClient.NewUserId(), UkNumber(2));
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("tenant_prefix_velocity"));
        using var elsewhere = await theirs.SendAsync(OtpClient.NewUserId(), UkNumber(3));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    /// <summary>Numbers of one 8-digit block (+44 7700 9…), one per index.</summary>
    private static string UkNumber(int index) => $"+4477009{index:D5}";

    private SecureOtpApp Start(Dictionary<string, string?> settings) => Track(new SecureOtpApp(store, settings));
}
