using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// The service connects through sentinels to the current master (StackExchange.Redis's own Sentinel support:
/// <c>serviceName=</c>) and follows a forced failover (SENTINEL FAILOVER): writes resume within seconds, and afterwards no
/// request meets READONLY (every send succeeds). Also with Bitnami's layout — one password on sentinels, master and
/// replica, given once as <c>password=</c> — and with TLS on every port besides.
/// </summary>
public sealed class SentinelFailoverTests
{
    [TestCase(RedisSecurity.None)]
    [TestCase(RedisSecurity.Password)]
    [TestCase(RedisSecurity.PasswordApart)]
    [TestCase(RedisSecurity.PasswordAndTls)]
    public async Task ForcedFailover_WritesResume_AndCodesKeepWorking(RedisSecurity security)
    {
        using var secured = SecuredRedis.For(security);
        using var set = RedisSentinelSet.Start(secured.Access);
        using var app = new SecureOtpApp(StoreKind.Redis, secured.Settings(), redisConfiguration: set.Configuration);
        var client = OtpClient.For(app);
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        var before = set.CurrentMaster();

        var userId = OtpClient.NewUserId();

        var id = await client.StartAsync(userId);
        var code = await client.ReadCodeAsync(id);
        set.WaitForReplicaCatchUp(); // what is replicated survives; the lag window is documented in docs/storage.md

        var watch = Stopwatch.StartNew();
        var answer = set.ForceFailover();
        Assert.That(answer, Does.Contain("OK"), answer);

        var errors = 0;
        TimeSpan? resumed = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.SendAsync(OtpClient.NewUserId());
            if (response.StatusCode == HttpStatusCode.Accepted && set.CurrentMaster() != before)
            {
                resumed = watch.Elapsed;
                break;
            }

            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                errors++;
            }

            await Task.Delay(50);
        }

        TestContext.Out.WriteLine($"{security}: master {before} → {set.CurrentMaster()}; writes resumed {resumed?.TotalMilliseconds:F0} ms after SENTINEL FAILOVER; {errors} sends answered 503 meanwhile");
        Assert.That(resumed, Is.Not.Null, "writes resumed after the failover");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.SendAsync(OtpClient.NewUserId());
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Accepted), "no READONLY errors after the switch");
        using var verified = await client.VerifyAsync(id, code, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a code issued before the failover was replicated and still verifies");
        await RedisReadiness.AssertSendsAndVerifiesAsync(client); // on the new master
        Assert.That(await RedisReadiness.ReadinessAsync(client), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task KilledMaster_SentinelsPromoteTheReplica_AndWritesResume()
    {
        using var set = RedisSentinelSet.Start();
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: set.Configuration);
        var client = OtpClient.For(app);
        // The service connects through the sentinels in the background (it starts while they are unreachable);
        // a send before that is rightly a 503, so the scenario starts once it is ready.
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        await client.StartAsync(OtpClient.NewUserId());

        var watch = Stopwatch.StartNew();
        set.Master.Kill();
        var failed = 0;
        TimeSpan? resumed = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(40))
        {
            var one = Stopwatch.StartNew();
            using var response = await client.SendAsync(OtpClient.NewUserId());
            Assert.That(one.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "no request hangs during the outage");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                resumed = watch.Elapsed;
                break;
            }

            failed++;
            await Task.Delay(100);
        }

        TestContext.Out.WriteLine($"master killed: writes resumed after {resumed?.TotalMilliseconds:F0} ms (down-after 2000 ms); {failed} sends answered 503 meanwhile");
        Assert.That(resumed, Is.Not.Null);
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.SendAsync(OtpClient.NewUserId());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }
    }
}
