using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace SecureOtp.UnitTests.Sms.Routing;

/// <summary>
/// The per-replica cache of a country's demotions on a fake clock: a send reads the store at most once a second per
/// country, this replica's own demotions and restorations show at once, another replica's within a second.
/// </summary>
public sealed class DemotionCacheTests
{
    private const string India = "91";

    private static readonly string[] VonageFirst = ["vonage", "twilio"];
    private static readonly string[] TwilioFirst = ["twilio", "vonage"];

    private FakeTimeProvider clock = null!;
    private DemotionCache cache = null!;
    private int reads;

    [SetUp]
    public void SetUp()
    {
        clock = new FakeTimeProvider(TestTime.Start);
        cache = new DemotionCache(clock);
        reads = 0;
    }

    private Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadAsync(CancellationToken _)
    {
        reads++;
        return Task.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(new Dictionary<string, DateTimeOffset> { ["vonage"] = clock.GetUtcNow() });
    }

    private Task<IReadOnlyDictionary<string, DateTimeOffset>> GetAsync(string country = India) => cache.GetAsync(country, ReadAsync, CancellationToken.None);

    [Test]
    public async Task SecondRead_WithinASecond_IsServedFromTheCache_AndTheNextSecondReadsAgain()
    {
        var first = await GetAsync();
        clock.Advance(DemotionCache.Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.That(await GetAsync(), Is.SameAs(first));
        Assert.That(reads, Is.EqualTo(1));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await GetAsync(), Is.Not.SameAs(first));
        Assert.That(reads, Is.EqualTo(2));
    }

    [Test]
    public async Task EachCountry_HasItsOwnEntry()
    {
        await GetAsync(India);
        await GetAsync("44");
        await GetAsync(India);
        Assert.That(reads, Is.EqualTo(2));
    }

    [Test]
    public async Task Invalidate_MakesTheNextSendReadTheStore()
    {
        await GetAsync();
        cache.Invalidate(India);
        await GetAsync();
        Assert.That(reads, Is.EqualTo(2));
    }

    [Test]
    public async Task ReadInFlight_WhenInvalidated_IsNotCached()
    {
        var answer = new TaskCompletionSource<IReadOnlyDictionary<string, DateTimeOffset>>();
        var inFlight = cache.GetAsync(India, _ => answer.Task, CancellationToken.None);
        cache.Invalidate(India);
        answer.SetResult(new Dictionary<string, DateTimeOffset>());
        await inFlight;

        await GetAsync();
        Assert.That(reads, Is.EqualTo(1), "the answer read before the invalidation must not be served after it");
    }

    [Test]
    public async Task AnotherReplicasDemotion_IsSeenWithinASecond_AndOwnAtOnce()
    {
        var options = MsOptions.Create(new SmsOptions { Routes = { ["Default"] = ["vonage", "twilio"] } });
        var routes = new SmsRoutes(options);
        var shared = new InMemoryRouteHealthStore(options);
        var here = new RouteLearning(shared, routes, options, clock, NullLogger<RouteLearning>.Instance);
        var there = new RouteLearning(shared, routes, options, clock, NullLogger<RouteLearning>.Instance);
        var planner = new RoutePlanner(routes, here, NullLogger<RoutePlanner>.Instance);
        async Task<IReadOnlyList<string>> OrderAsync() => (await planner.PlanAsync(India, CancellationToken.None)).Providers;

        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst));
        for (var i = 0; i < 20; i++)
        {
            await there.SettledAsync("vonage", India, delivered: false, CancellationToken.None);
        }

        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "the other replica's demotion is not read yet");
        clock.Advance(DemotionCache.Lifetime);
        Assert.That(await OrderAsync(), Is.EqualTo(TwilioFirst), "seen within a second");

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(await OrderAsync(), Is.EqualTo(VonageFirst), "restored here: dropped from this replica's cache at once");
        for (var i = 0; i < 20; i++)
        {
            await here.SettledAsync("vonage", India, delivered: false, CancellationToken.None);
        }

        Assert.That(await OrderAsync(), Is.EqualTo(TwilioFirst), "demoted here: seen by this replica's next send");
    }
}
