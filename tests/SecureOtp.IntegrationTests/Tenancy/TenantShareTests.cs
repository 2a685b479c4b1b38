using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Tenancy;

/// <summary>
/// Issue 21, finding 3: with the default limits, one tenant's 10 texts to a number block made every other tenant's send
/// to that block answer <c>429 prefix_velocity</c> for 10 minutes, and 120 texts to +33 closed France to every tenant for
/// a minute. Now, where several tenants send, each has by default a share of half of each ceiling and runs into it first;
/// what its share refuses takes nothing from the ceiling. A single-tenant deployment keeps the whole ceiling.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
[TestFixture(StoreKind.InProcess)]
public sealed class TenantShareTests(StoreKind store) : AppsPerTest
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromSeconds(20);

    private static readonly string[] OneSendingTenant = ["full", "other-verifier"];

    private static readonly int[] VictimsNumbers = [99, 95, 96, 97, 98];

    [Test]
    public async Task ByDefault_ATenantSendingToTenNumbersOfABlock_IsHeldToItsShare_AndOthersStillSendToTheBlock()
    {
        var app = Start([]);
        var (attacker, victim) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));
        var admitted = 0;
        for (var i = 0; i < 10; i++)
        {
            using var send = await attacker.SendAsync(OtpClient.NewUserId(), BlockNumber(i));
            admitted += send.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }

        Assert.That(admitted, Is.EqualTo(5), "half of the block's 10 distinct numbers");
        app.Clock.Advance(Elapsed);
        using (var overShare = await attacker.SendAsync(OtpClient.NewUserId(), BlockNumber(10)))
        {
            var retryAfter = await RefusedBy(overShare, "tenant_prefix_velocity");
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromMinutes(10) - Elapsed));
        }

        // The reported send now goes out; the attacker's five refused sends counted nothing globally, so the other tenant
        // has the other five.
        foreach (var i in VictimsNumbers)
        {
            using var send = await victim.SendAsync(OtpClient.NewUserId(), BlockNumber(i));
            Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await send.Content.ReadAsStringAsync());
        }

        // The trade-off: two tenants at their shares fill the block, and a third meets the global ceiling, named as such.
        using var third = await OtpClient.For(app, TestApiKeys.SendOnly).SendAsync(OtpClient.NewUserId(), BlockNumber(94));
        Assert.That(await RefusedBy(third, "prefix_velocity"), Is.EqualTo(TimeSpan.FromMinutes(10) - Elapsed));
    }

    [Test]
    public async Task ByDefault_ATenantFloodingACountry_IsHeldToItsShare_AndOthersStillSendThere()
    {
        var app = Start(new() { ["Limits:SendsPerCountryPerMinute"] = "120" }); // the default, which the fixture raises
        var (attacker, victim) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));

        var flood = await Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            using var send = await attacker.SendAsync(OtpClient.NewUserId(), FrenchNumber(i));
            return send.StatusCode;
        }));

        var statuses = string.Join(", ", flood.GroupBy(s => (int)s).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.That(flood.Count(s => s == HttpStatusCode.Accepted), Is.EqualTo(60), $"half of France's 120 a minute; {statuses}");
        Assert.That(flood.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(60), statuses);
        using (var overShare = await attacker.SendAsync(OtpClient.NewUserId(), FrenchNumber(120)))
        {
            await RefusedBy(overShare, "tenant_country_per_minute");
        }

        using var elsewhere = await victim.SendAsync(OtpClient.NewUserId(), FrenchNumber(121));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await elsewhere.Content.ReadAsStringAsync());
    }

    /// <summary>One sending tenant (a verify-only client does not count) has the whole ceiling, and meets it as before.</summary>
    [Test]
    public async Task ASingleTenantDeployment_HasTheWholeCeiling_AndTheGlobalLimitAnswers()
    {
        var app = Track(new SecureOtpApp(store, new Dictionary<string, string?> { ["Limits:SendsPerCountryPerMinute"] = "12" },
            apiClients: OneSendingTenant));
        var client = OtpClient.For(app);
        for (var i = 0; i < 10; i++)
        {
            await client.StartAsync(OtpClient.NewUserId(), BlockNumber(i));
        }

        using (var eleventh = await client.SendAsync(OtpClient.NewUserId(), BlockNumber(10)))
        {
            await RefusedBy(eleventh, "prefix_velocity");
        }

        await client.StartAsync(OtpClient.NewUserId(), "+447911500001"); // another block: the UK's 11th and 12th
        await client.StartAsync(OtpClient.NewUserId(), "+447911500002");
        using var thirteenth = await client.SendAsync(OtpClient.NewUserId(), "+447911500003");
        await RefusedBy(thirteenth, "country_per_minute");
    }

    /// <summary>Asserts a 429 by <paramref name="limit"/> and returns its Retry-After.</summary>
    private static async Task<TimeSpan?> RefusedBy(HttpResponseMessage response, string limit)
    {
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo(limit));
        return response.Headers.RetryAfter?.Delta;
    }

    /// <summary>Numbers of one 8-digit block (+44 7911 400…), as in the report.</summary>
    private static string BlockNumber(int index) => $"+4479114000{index:D2}";

    /// <summary>French mobiles, each in a block of its own (the prefix brake stays out of the way).</summary>
    private static string FrenchNumber(int index) => $"+336{index:D4}1234";

    private SecureOtpApp Start(Dictionary<string, string?> settings) => Track(new SecureOtpApp(store, settings));
}
