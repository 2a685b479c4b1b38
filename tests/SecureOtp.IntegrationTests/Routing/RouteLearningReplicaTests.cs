using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Routing;

/// <summary>
/// Routes that learn from receipts, on real Redis with two replicas over one key space: receipts seen by one replica
/// demote a provider in one country, and the other replica's route plan and <c>GET /ops/routes</c> show it, then show its
/// restoration once the demotion period has run out on the shared clock.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class RouteLearningReplicaTests(StoreKind store)
{
    private const string Uk = "44";

    private readonly List<SecureOtpApp> replicas = [];

    [SetUp]
    public void StartReplicas()
    {
        var settings = new Dictionary<string, string?>(ReceiptPoster.Settings())
        {
            ["Redis:KeyPrefix"] = "rl" + Guid.NewGuid().ToString("N")[..10],
            ["Sms:Provider"] = "Vonage", // the fixture's Outbox cannot be combined with routes; unset, it defaults to this
            ["Sms:Routes:Default:0"] = "vonage",
            ["Sms:Routes:Default:1"] = "twilio",
            ["Sms:Routes:1:0"] = "twilio",
            ["Sms:Vonage:ApiKey"] = "fake-key",
            ["Sms:Vonage:ApiSecret"] = "fake-secret",
            ["Sms:Vonage:From"] = "SecureOtp",
            ["Sms:Twilio:AccountSid"] = FakeVonageServer.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = FakeVonageServer.TwilioAuthToken,
            ["Sms:Twilio:From"] = "+15005550006",
        };
        var clock = SecureOtpApp.NewClock();
        replicas.Add(new SecureOtpApp(store, settings, clock: clock));
        replicas.Add(new SecureOtpApp(store, settings, clock: clock));
    }

    [TearDown]
    public void StopReplicas()
    {
        replicas.ForEach(r => r.Dispose());
        replicas.Clear();
    }

    /// <summary>A Vonage text to the UK, tracked by replica 0, settled by a signed receipt posted to replica 0.</summary>
    private async Task SettleOnFirstReplicaAsync(bool delivered)
    {
        var app = replicas[0];
        var id = VerificationId.New(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var messageId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var key = app.Services.GetRequiredService<PseudonymKey>();
        await app.Services.GetRequiredService<IDeliveryStore>().TrackAsync(new DeliveryTracking(id,
            [DeliveryRefs.Message(key, ProviderNames.Vonage, messageId)], Uk, "login", ProviderNames.Vonage, app.Clock.GetUtcNow(), [],
            TimeSpan.FromMinutes(10)), CancellationToken.None);
        using var response = await new ReceiptPoster(app.CreateClient(), app.Clock)
            .PostAsync(messageId, delivered ? "delivered" : "failed", delivered ? "0" : "1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    private async Task<IReadOnlyList<string>> PlanOnSecondReplicaAsync() =>
        (await replicas[1].Services.GetRequiredService<RoutePlanner>().PlanAsync(Uk, CancellationToken.None)).Providers;

    private async Task<JsonNode> RoutesOnSecondReplicaAsync()
    {
        using var http = replicas[1].CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", TestApiKeys.Admin);
        using var response = await http.GetAsync(RoutesApi.Path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await OtpClient.ReadJson(response);
    }

    private static JsonNode Country(JsonNode routes, string country) =>
        routes["countries"]!.AsArray().Single(c => c!["country"]!.GetValue<string>() == country)!;

    [Test]
    public async Task DemotionDecidedFromOneReplicasReceipts_IsSeenByTheOther_AndLifted()
    {
        for (var i = 0; i < 20; i++)
        {
            await SettleOnFirstReplicaAsync(delivered: i < 8);
        }

        Assert.That(await PlanOnSecondReplicaAsync(), Is.EqualTo((string[])["twilio", "vonage"]));
        var uk = Country(await RoutesOnSecondReplicaAsync(), Uk);
        Assert.That(uk["route"]!.GetValue<string>(), Is.EqualTo("default"));
        Assert.That(uk["configured"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo((string[])["vonage", "twilio"]));
        Assert.That(uk["current"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo((string[])["twilio", "vonage"]));
        var vonage = uk["providers"]!.AsArray().Single(p => p!["provider"]!.GetValue<string>() == "vonage")!;
        Assert.That(vonage["demotedUntil"], Is.Not.Null, uk.ToJsonString());
        Assert.That(replicas[0].LogText(), Does.Contain("Route demoted: provider=vonage country=44"));

        replicas[0].Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.That(await PlanOnSecondReplicaAsync(), Is.EqualTo((string[])["vonage", "twilio"]));
        Assert.That(replicas[1].LogText(), Does.Contain("Route restored: provider=vonage country=44"));
        var restored = Country(await RoutesOnSecondReplicaAsync(), Uk);
        Assert.That(restored["current"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo((string[])["vonage", "twilio"]));
    }

    [Test]
    public async Task HealthyReceipts_KeepTheConfiguredOrder_AndShowTheFigures()
    {
        for (var i = 0; i < 20; i++)
        {
            await SettleOnFirstReplicaAsync(delivered: i != 0);
        }

        Assert.That(await PlanOnSecondReplicaAsync(), Is.EqualTo((string[])["vonage", "twilio"]));
        var routes = await RoutesOnSecondReplicaAsync();
        var vonage = Country(routes, Uk)["providers"]!.AsArray().Single(p => p!["provider"]!.GetValue<string>() == "vonage")!;
        Assert.That(vonage["settled"]!.GetValue<int>(), Is.EqualTo(20));
        Assert.That(vonage["deliveredShare"]!.GetValue<double>(), Is.EqualTo(0.95).Within(1e-9));
        Assert.That(Country(routes, "1")["configured"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo((string[])["twilio"]));
        Assert.That(routes["routes"]!.AsArray().Select(r => r!["route"]!.GetValue<string>()), Is.EqualTo((string[])["default", "1"]));
    }

    [TestCase(TestApiKeys.Full)]
    [TestCase(TestApiKeys.SendOnly)]
    public async Task OpsRoutes_WithoutTheAdminScope_Is403(string apiKey)
    {
        using var http = replicas[1].CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        using var response = await http.GetAsync(RoutesApi.Path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
