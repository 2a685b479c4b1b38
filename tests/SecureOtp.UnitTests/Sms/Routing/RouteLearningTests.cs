using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace SecureOtp.UnitTests.Sms.Routing;

/// <summary>Demotion and restoration on a fake clock, with the in-process store (the Redis one is exercised by the integration tests).</summary>
public sealed class RouteLearningTests
{
    private const string India = "91";

    private static readonly string[] VonageFirst = ["vonage", "twilio"];
    private static readonly string[] TwilioFirst = ["twilio", "vonage"];
    private static readonly string[] VonageOnly = ["vonage"];
    private static readonly string[] OutboxOnly = ["outbox"];
    private static readonly string[] DemotedLast = ["b", "d", "a", "c"];

    private FakeTimeProvider clock = null!;
    private InMemoryRouteHealthStore store = null!;
    private RouteLearning learning = null!;
    private RoutePlanner planner = null!;
    private FakeLogCollector logs = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new FakeTimeProvider(TestTime.Start);
        var options = MsOptions.Create(new SmsOptions { Routes = { ["Default"] = ["vonage", "twilio"], ["1"] = ["vonage"] } });
        var routes = new SmsRoutes(options);
        store = new InMemoryRouteHealthStore(options);
        logs = new FakeLogCollector();
        learning = new RouteLearning(store, routes, options, clock, new FakeLogger<RouteLearning>(logs));
        planner = new RoutePlanner(routes, learning, NullLogger<RoutePlanner>.Instance);
    }

    private async Task SettleAsync(string provider, int delivered, int failed, string country = India)
    {
        for (var i = 0; i < delivered + failed; i++)
        {
            await learning.SettledAsync(provider, country, i < delivered, CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<string>> OrderAsync(string country = India) => (await planner.PlanAsync(country, CancellationToken.None)).Providers;

    [Test]
    public async Task FailingProvider_IsMovedLast_OnceItsSampleIsBigEnough_WhileTheOtherHasNoSample()
    {
        await SettleAsync("vonage", delivered: 10, failed: 9);
        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "19 settled: below Sms:Routing:MinSample");

        await SettleAsync("vonage", delivered: 0, failed: 1);

        Assert.That(await OrderAsync(), Is.EqualTo(TwilioFirst), "20 settled, 50 % delivered");
        Assert.That(await OrderAsync("44"), Is.EqualTo(VonageFirst), "only in that country");
        Assert.That(logs.GetSnapshot().Select(r => r.Message), Has.One.Contains("Route demoted: provider=vonage country=91"));
    }

    [Test]
    public async Task Demotion_EndsAfterTheDemotionPeriod_AndIsReportedOnce()
    {
        await SettleAsync("vonage", delivered: 0, failed: 20);
        Assert.That(await OrderAsync(), Is.EqualTo(TwilioFirst));

        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.That(await OrderAsync(), Is.EqualTo(TwilioFirst), "still within the 10 min");

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "restored");
        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst));
        Assert.That(logs.GetSnapshot().Select(r => r.Message), Has.One.Contains("Route restored: provider=vonage country=91"));
    }

    [Test]
    public async Task RestoredProvider_IsJudgedOnFreshTexts()
    {
        await SettleAsync("vonage", delivered: 0, failed: 20);
        clock.Advance(TimeSpan.FromMinutes(10));
        await SettleAsync("vonage", delivered: 0, failed: 1);

        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "one failure since the demotion is no sample");
    }

    [Test]
    public async Task ProviderIsNotDemoted_WhenTheOtherDoesNoBetter_OrHasTooSmallASample()
    {
        await SettleAsync("twilio", delivered: 5, failed: 20);
        await SettleAsync("vonage", delivered: 10, failed: 15);
        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "vonage (40 %) has no better alternative: twilio is demoted");

        var figures = await store.ReadAsync(India, ["vonage", "twilio"], clock.GetUtcNow(), CancellationToken.None);
        Assert.That(figures["twilio"].DemotedUntil, Is.Not.Null, "twilio was demoted first, while vonage had no sample yet");
    }

    [Test]
    public async Task SmallSampleElsewhere_IsNotEvidence()
    {
        await SettleAsync("twilio", delivered: 3, failed: 0);
        await SettleAsync("vonage", delivered: 0, failed: 30);

        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "twilio has 3 settled: neither no sample nor MinSample");
    }

    [Test]
    public async Task HealthyProvider_StaysFirst()
    {
        await SettleAsync("vonage", delivered: 17, failed: 3);
        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "85 % is above Sms:Routing:DemoteBelow");
    }

    [Test]
    public async Task OldFailures_LeaveTheWindow()
    {
        await SettleAsync("vonage", delivered: 0, failed: 19);
        clock.Advance(TimeSpan.FromMinutes(16));
        await SettleAsync("vonage", delivered: 0, failed: 1);

        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst));
        var figures = await store.ReadAsync(India, ["vonage"], clock.GetUtcNow(), CancellationToken.None);
        Assert.That(figures["vonage"].Settled, Is.EqualTo(1));
    }

    [Test]
    public async Task OneProviderRoute_IsNeverReordered()
    {
        await SettleAsync("vonage", delivered: 0, failed: 30, country: "1");
        Assert.That(await OrderAsync("1"), Is.EqualTo(VonageOnly));
    }

    [Test]
    public void Reorder_KeepsTheConfiguredOrder_AmongTheDemotedAndTheRest() =>
        Assert.That(RoutePlan.Reorder(["a", "b", "c", "d"], new HashSet<string> { "a", "c" }), Is.EqualTo(DemotedLast));

    [Test]
    public void NoRoutes_SmsProviderIsTheDefaultRoute()
    {
        var routes = new SmsRoutes(MsOptions.Create(new SmsOptions { Provider = SmsOptions.OutboxProvider }));
        Assert.That(routes.ConfiguredFor("44"), Is.EqualTo(OutboxOnly));
        Assert.That(routes.RouteFor("44"), Is.EqualTo("default"));
    }
}
