using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Risk;

/// <summary>
/// The shared per-minute budgets (a client's, a country's, a tenant's share of it) are bucketed counters (1 s buckets
/// across the minute), not logs. Run against Redis (counter.lua), the in-process twin and a cluster (one call per key,
/// give-back on refusal): a request counts until its bucket leaves, Retry-After names the oldest bucket that must leave,
/// a refusal writes nothing, a counter and a log in one request are all or nothing, and a request is given back once.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class BucketedCounterTests(StoreKind store)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task ARequestCounts_UntilItsBucketLeaves_AndRetryAfterNamesTheOldestBucketThatMustLeave()
    {
        using var app = App();
        var (limiter, counter) = (Limiter(app), Counter(limit: 2));
        app.Clock.Advance(TimeSpan.FromMilliseconds(400)); // 0.4 s into a bucket: the bucket, not the request, leaves
        await AdmitAsync(limiter, app, counter);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await AdmitAsync(limiter, app, counter);

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var refused = await RefuseAsync(limiter, app, counter);
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(44_600)), "the first bucket leaves 60 s after it began");

        app.Clock.Advance(TimeSpan.FromMilliseconds(44_599));
        Assert.That((await RefuseAsync(limiter, app, counter)).RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await AdmitAsync(limiter, app, counter); // 59.6 s after the first request: a log would wait 0.4 s more

        // Two counted (the second, and this one); a limit of 1 must wait for both their buckets to leave.
        var strict = counter with { Limit = 1 };
        Assert.That((await RefuseAsync(limiter, app, strict)).RetryAfter, Is.EqualTo(Minute));
    }

    [Test]
    public async Task ALogRefusal_CountsNothingInTheCounter_AndACounterRefusal_RecordsNothingInTheLog()
    {
        using var app = App();
        var limiter = Limiter(app);
        var counter = Counter(limit: 2);
        LimitCheck Log(string number) => new("phone_per_hour", "ph1d:" + number + Guid.NewGuid().ToString("N"), 1, TimeSpan.FromHours(1), UniqueMember.New());
        var phone = Log("a");

        await AdmitAsync(limiter, app, counter, phone);
        var byLog = await RefuseAsync(limiter, app, counter with { Member = UniqueMember.New() }, phone with { Member = UniqueMember.New() });
        Assert.That(byLog.Limit, Is.EqualTo("phone_per_hour"));

        var other = Log("b");
        await AdmitAsync(limiter, app, counter with { Member = UniqueMember.New() }, other); // the counter's second, not its third
        var third = Log("c");
        Assert.That((await RefuseAsync(limiter, app, counter with { Member = UniqueMember.New() }, third)).Limit, Is.EqualTo("client_per_minute"));

        app.Clock.Advance(Minute);
        await AdmitAsync(limiter, app, counter with { Member = UniqueMember.New() }, third); // its log is empty: the refusal wrote nothing
    }

    [Test]
    public async Task AnUndoRunTwice_TakesTheRequestOffItsBucketOnce()
    {
        using var app = App();
        var (limiter, counter) = (Limiter(app), Counter(limit: 2));
        var first = await AdmitAsync(limiter, app, counter);
        await AdmitAsync(limiter, app, counter with { Member = UniqueMember.New() }); // the same bucket

        // An undo retried after a timeout that did run: the second changes nothing.
        await limiter.ReleaseAsync(first, CancellationToken.None);
        await limiter.ReleaseAsync(first, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        await AdmitAsync(limiter, app, counter with { Member = UniqueMember.New() });
        var refused = await RefuseAsync(limiter, app, counter with { Member = UniqueMember.New() });
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(57)), "the bucket still holds the other request: taken off once");
    }

    [Test]
    public async Task AnUndoAfterItsBucketLeft_TakesNothingFromTheRequestsCountedSince()
    {
        using var app = App();
        var (limiter, counter) = (Limiter(app), Counter(limit: 1));
        var old = await AdmitAsync(limiter, app, counter);
        app.Clock.Advance(Minute);
        await AdmitAsync(limiter, app, counter with { Member = UniqueMember.New() });

        await limiter.ReleaseAsync(old, CancellationToken.None);
        Assert.That((await RefuseAsync(limiter, app, counter with { Member = UniqueMember.New() })).RetryAfter, Is.EqualTo(Minute));
    }

    [Test]
    public async Task OneClientsPerMinuteBudget_UsedUp_LeavesAnotherClientsFree()
    {
        using var app = new SecureOtpApp(store, new Dictionary<string, string?>
        {
            ["Limits:SendsPerClientPerMinute"] = "1",
            ["Limits:DistinctNumbersPerPrefix"] = "0",
            ["Otp:ResendCooldown"] = "00:00:00",
        });
        var (mine, theirs) = (OtpClient.For(app), OtpClient.For(app, TestApiKeys.OtherTenant));
        await mine.StartAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        using (var refused = await mine.SendAsync(OtpClient.NewUserId(), OtpClient.NewPhone()))
        {
            var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("client_per_minute"));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(Minute));
        }

        using var elsewhere = await theirs.SendAsync(OtpClient.NewUserId(), OtpClient.NewPhone());
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the other client counts its own");
    }

    private SecureOtpApp App() => new(store, new Dictionary<string, string?>(), apiClients: ["full"]);

    private static IRateLimiter Limiter(SecureOtpApp app) => app.Services.GetRequiredService<IRateLimiter>();

    /// <summary>A per-minute counter of its own (a fresh key), as a client's send budget is.</summary>
    private static LimitCheck Counter(int limit) =>
        new("client_per_minute", "cl1mb:" + Guid.NewGuid().ToString("N"), limit, Minute, UniqueMember.New(), Bucketed: true);

    private static async Task<IReadOnlyList<LimitCheck>> AdmitAsync(IRateLimiter limiter, SecureOtpApp app, params LimitCheck[] checks)
    {
        var decision = await limiter.AcquireAsync(checks, app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.That(decision, Is.TypeOf<LimitDecision.Admitted>());
        return ((LimitDecision.Admitted)decision).Recorded;
    }

    private static async Task<LimitDecision.Refused> RefuseAsync(IRateLimiter limiter, SecureOtpApp app, params LimitCheck[] checks)
    {
        var decision = await limiter.AcquireAsync(checks, app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.That(decision, Is.TypeOf<LimitDecision.Refused>());
        return (LimitDecision.Refused)decision;
    }
}
