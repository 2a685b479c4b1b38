using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// What a Redis stall (<c>CLIENT PAUSE … WRITE</c>) leaves behind once Redis resumes. Requests answered 503 during the pause
/// are not cancelled in Redis: their scripts still run when it resumes. A send answered 503 must not keep what it counted
/// against the limits, and a right code verified during the pause must not be lost to a caller that retries with the same
/// Idempotency-Key. Each test owns its redis-server, since a pause stops every client of the server.
/// </summary>
public sealed class RedisPauseAftermathTests
{
    private const int CountryBudget = 30;

    /// <summary>On a cluster every master is paused: each limit key lives in its own slot, so a send touches all of them.</summary>
    [TestCase(StoreKind.Redis)]
    [TestCase(StoreKind.RedisCluster)]
    public async Task SendsAnswered503DuringAPause_GiveTheirLimitEntriesBack_OnceRedisResumes(StoreKind store)
    {
        using var service = await PausableService.StartAsync(store, new Dictionary<string, string?>
        {
            ["Limits:SendsPerCountryPerMinute"] = CountryBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:SendsPerCountryPerMinutePerTenant"] = "0", // the global budget alone, as one tenant would have it
            ["Limits:DistinctNumbersPerPrefix"] = "0",
        });
        var (app, client, admin) = (service.App, service.Client, service.Admin);
        var warmEntries = await LimitEntriesAsync(admin, app);

        await service.PauseWritesAsync(TimeSpan.FromSeconds(4));
        var during = await Task.WhenAll(Enumerable.Range(0, CountryBudget).Select(async _ =>
        {
            using var response = await client.SendAsync(OtpClient.NewUserId());
            return response.StatusCode;
        }));
        Assert.That(during, Has.All.EqualTo(HttpStatusCode.ServiceUnavailable), "every send ran into the pause");

        await service.WaitForResumeAsync();
        var left = await WaitForLimitEntriesAsync(admin, app, warmEntries, TimeSpan.FromSeconds(20));
        TestContext.Out.WriteLine($"{store}: {CountryBudget} sends answered 503 during the pause; limit entries left behind: " +
            $"{left.Count}, {left.Elapsed.TotalMilliseconds:F0} ms after Redis resumed (the warm-up send's own: {warmEntries})");
        Assert.That(left.Count, Is.Zero, "the 503 sends' limit entries were removed once Redis answered again");

        for (var i = 0; i < CountryBudget; i++)
        {
            using var sent = await client.SendAsync(OtpClient.NewUserId());
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), $"send {i + 1} of the country's {CountryBudget} a minute");
        }

        using var over = await client.SendAsync(OtpClient.NewUserId());
        var problem = await ProblemAssert.IsProblem(over, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("country_per_minute"), "the budget is intact, and still enforced");
    }

    /// <summary>With every limit off, the start script is a send's first write: run after the pause, it would store a code
    /// nobody was sent and a resend cooldown that refuses the user's retry with 429 resend_too_soon.</summary>
    [Test]
    public async Task ASendWhoseStartRanAfterItsAnswer_LeavesNoCodeOrCooldown()
    {
        using var service = await PausableService.StartAsync(StoreKind.Redis, NoLimits());
        var client = service.Client;
        var (userId, phone) = (OtpClient.NewUserId(), OtpClient.NewPhone());

        await service.PauseWritesAsync(TimeSpan.FromSeconds(3));
        using (var during = await client.SendAsync(userId, phone))
        {
            await ProblemAssert.IsProblem(during, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        }

        await service.WaitForResumeAsync();
        using var retry = await client.SendAsync(userId, phone);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "no cooldown left by the send that was answered 503");
        Assert.That(await client.OutboxCountAsync(), Is.EqualTo(2), "the warm-up's text and the retry's: the 503 sent nothing");
    }

    [Test]
    public async Task ASendWhoseIdempotencyClaimRanAfterItsAnswer_CanBeRetriedAtOnce()
    {
        using var service = await PausableService.StartAsync();
        var client = service.Client;
        var (userId, phone, key) = (OtpClient.NewUserId(), OtpClient.NewPhone(), Guid.NewGuid().ToString());

        await service.PauseWritesAsync(TimeSpan.FromSeconds(3));
        using (var during = await client.SendAsync(userId, phone, idempotencyKey: key))
        {
            await ProblemAssert.IsProblem(during, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        }

        await service.WaitForResumeAsync();
        using var retry = await client.SendAsync(userId, phone, idempotencyKey: key);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted),
            "not 409 idempotency_in_progress for the claim written after its request gave up");
    }

    [Test]
    public async Task ARightCodeVerifiedDuringAPause_IsApprovedOnARetryWithTheSameIdempotencyKey()
    {
        using var service = await PausableService.StartAsync();
        var client = service.Client;
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        var code = await client.ReadCodeAsync(id);
        var key = Guid.NewGuid().ToString();

        await service.PauseWritesAsync(TimeSpan.FromSeconds(3));
        using (var during = await client.VerifyAsync(id, code, userId, idempotencyKey: key))
        {
            await ProblemAssert.IsProblem(during, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        }

        await service.WaitForResumeAsync();
        using var retry = await client.VerifyAsync(id, code, userId, idempotencyKey: key);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retry.Content.ReadAsStringAsync());
        var approved = await OtpClient.ReadJson(retry);
        Assert.That(approved["userId"]!.GetValue<string>(), Is.EqualTo(userId));
        Assert.That(approved["verificationId"]!.GetValue<string>(), Is.EqualTo(id));

        // The code was consumed when the paused script ran: without the key, the approval is lost to the caller.
        using var withoutKey = await client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(withoutKey, HttpStatusCode.NotFound, "verification_not_found");
    }

    private static Dictionary<string, string?> NoLimits() => new()
    {
        ["Limits:SendsPerPhonePerHour"] = "0",
        ["Limits:SendsPerPhonePerDay"] = "0",
        ["Limits:SendsPerUserPerHour"] = "0",
        ["Limits:SendsPerIpPerHour"] = "0",
        ["Limits:SendsPerClientPerMinute"] = "0",
        ["Limits:SendsPerCountryPerMinute"] = "0",
        ["Limits:DistinctNumbersPerPrefix"] = "0",
    };


    /// <summary>Waits until the service's limit logs hold no more than <paramref name="expected"/> entries.</summary>
    private static async Task<(long Count, TimeSpan Elapsed)> WaitForLimitEntriesAsync(
        ConnectionMultiplexer admin, SecureOtpApp app, long expected, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        long count;
        do
        {
            count = await LimitEntriesAsync(admin, app) - expected;
            if (count <= 0)
            {
                return (0, watch.Elapsed);
            }

            await Task.Delay(100);
        }
        while (watch.Elapsed < within);

        return (count, watch.Elapsed);
    }

    /// <summary>Every entry of every rate-limit log of this app (<c>{prefix}:{l:…}</c> sorted sets) and every request a
    /// bucketed counter counts (a hash's total <c>t</c>), on every master; the counters' sets of given-back requests are
    /// not counts.</summary>
    private static async Task<long> LimitEntriesAsync(ConnectionMultiplexer admin, SecureOtpApp app)
    {
        var db = admin.GetDatabase();
        var total = 0L;
        foreach (var master in Masters(admin))
        {
            foreach (var key in master.Keys(pattern: app.KeyPrefix + ":{l:*"))
            {
                total += await db.KeyTypeAsync(key) switch
                {
                    RedisType.SortedSet => await db.SortedSetLengthAsync(key),
                    RedisType.Hash => (long)await db.HashGetAsync(key, "t"),
                    _ => 0,
                };
            }
        }

        return total;
    }

    private static IEnumerable<IServer> Masters(ConnectionMultiplexer admin) =>
        admin.GetEndPoints().Select(e => admin.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica);

    /// <summary>
    /// The service on its own redis-server (or on the shared cluster), connected and warm (one send done), with an admin
    /// connection that pauses every master's writes.
    /// </summary>
    private sealed class PausableService : IDisposable
    {
        private readonly RedisServer? server;

        private PausableService(RedisServer? server, SecureOtpApp app, ConnectionMultiplexer admin)
        {
            this.server = server;
            App = app;
            Client = OtpClient.For(app);
            Admin = admin;
        }

        public SecureOtpApp App { get; }

        public OtpClient Client { get; }

        public ConnectionMultiplexer Admin { get; }

        public static async Task<PausableService> StartAsync(StoreKind store = StoreKind.Redis, Dictionary<string, string?>? overrides = null)
        {
            var server = store == StoreKind.Redis ? RedisServer.Start() : null;
            var app = new SecureOtpApp(store, overrides, redisConfiguration: server?.Configuration);
            var admin = await ConnectionMultiplexer.ConnectAsync(
                (server?.Configuration ?? RedisSetUp.Cluster.Configuration) + ",allowAdmin=true,syncTimeout=10000,asyncTimeout=10000");
            var service = new PausableService(server, app, admin);
            await service.Client.StartAsync(OtpClient.NewUserId(), "+447700900123"); // on another country's budget than the tests'
            return service;
        }

        /// <summary>CLIENT PAUSE … WRITE on every master.</summary>
        public async Task PauseWritesAsync(TimeSpan pause)
        {
            foreach (var master in Masters(Admin))
            {
                await master.ExecuteAsync("CLIENT", "PAUSE", ((long)pause.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "WRITE");
            }
        }

        /// <summary>Blocks until the pause is over: every master accepts a write again.</summary>
        public async Task WaitForResumeAsync()
        {
            var watch = Stopwatch.StartNew();
            foreach (var master in Masters(Admin))
            {
                while (true)
                {
                    try
                    {
                        // CLIENT PAUSE WRITE holds even a no-op write, on the connection that sends it, until the pause ends.
                        await master.ExecuteAsync("SET", "pause-probe", "1", "PX", "10000");
                        break;
                    }
                    catch (RedisTimeoutException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
                    {
                        // still paused
                    }
                    catch (RedisServerException e) when (e.Message.StartsWith("MOVED", StringComparison.Ordinal))
                    {
                        break; // a cluster master that does not own the probe's slot answers MOVED: it is not paused any more
                    }
                }
            }
        }

        public void Dispose()
        {
            Admin.Dispose();
            App.Dispose();
            server?.Dispose();
        }
    }
}
