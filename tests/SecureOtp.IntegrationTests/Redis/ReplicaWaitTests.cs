using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// <c>Redis:WaitForReplicas=1</c>: a counted attempt is on the replica by the time the caller gets its answer, so a failover
/// cannot hand the guess back. Also prints what the WAIT costs (a figure, not an assertion: wall-clock on shared machines).
/// </summary>
public sealed class ReplicaWaitTests
{
    [Test]
    public async Task WithWaitForReplicas_AnAnsweredAttemptIsAlreadyOnTheReplica()
    {
        using var set = RedisSentinelSet.Start();
        var withWait = await MeasureAsync(set, waitForReplicas: 1);
        var without = await MeasureAsync(set, waitForReplicas: 0);
        TestContext.Out.WriteLine($"100 wrong-code verifies: {without.TotalMilliseconds:F0} ms without WAIT, {withWait.TotalMilliseconds:F0} ms with WAIT 1 " +
            $"(ratio {withWait.TotalMilliseconds / without.TotalMilliseconds:F2})");
    }

    private static async Task<TimeSpan> MeasureAsync(RedisSentinelSet set, int waitForReplicas)
    {
        using var app = new SecureOtpApp(StoreKind.Redis, new Dictionary<string, string?>
        {
            ["Redis:WaitForReplicas"] = waitForReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Redis:WaitTimeout"] = "00:00:00.200",
            ["Otp:MaxAttempts"] = "10",
            ["Limits:FailedVerifiesPerUserPerDay"] = "100",
        }, redisConfiguration: set.Configuration);
        var client = OtpClient.For(app);
        // The service connects through the sentinels in the background (it starts while they are unreachable);
        // a send before that is rightly a 503, so the scenario starts once it is ready.
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        using var replica = ConnectionMultiplexer.Connect($"127.0.0.1:{set.ReplicaPort},syncTimeout=5000");
        var replicaServer = replica.GetServer($"127.0.0.1:{set.ReplicaPort}");

        var watch = new Stopwatch();
        for (var round = 0; round < 10; round++)
        {
            var userId = OtpClient.NewUserId();
            var id = await client.StartAsync(userId);
            var wrong = OtpClient.WrongCode(await client.ReadCodeAsync(id));
            watch.Start();
            for (var i = 0; i < 10; i++)
            {
                using var response = await client.VerifyAsync(id, wrong, userId);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            }

            watch.Stop();
            if (waitForReplicas > 0)
            {
                // Read the replica right away: with WAIT every answered attempt is already there.
                var locked = replicaServer.Keys(pattern: app.KeyPrefix + "*:r:*").Select(k => (string?)replica.GetDatabase().HashGet(k, "att"))
                    .Count(att => att == "10");
                Assert.That(locked, Is.EqualTo(round + 1), "every locked record on the replica shows all 10 attempts");
            }
        }

        return watch.Elapsed;
    }
}
