using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// Redis outages: the service starts without Redis, answers 503 store_unavailable quickly instead of hanging, reports
/// not-ready, and recovers by itself when Redis comes back. Each test owns its redis-server process.
/// </summary>
public sealed class RedisOutageTests
{
    // Loose on purpose (shared CI machines): the point is "answers instead of hanging", not a latency figure.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    [Test]
    public async Task ServiceStartsWithRedisDown_ThenRecoversWithoutRestart()
    {
        var port = LoopbackPorts.Free();
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: $"127.0.0.1:{port}");
        var client = OtpClient.For(app);

        using (var live = await client.Http.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var ready = await client.Http.GetAsync("/health/ready"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        await AssertStoreUnavailable(client);

        using var server = RedisServer.Start(port);
        await WaitUntil(async () =>
        {
            using var ready = await client.Http.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        });
        var id = await client.StartAsync(OtpClient.NewUserId());
        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id));
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RedisKilled_RequestsGet503Quickly_AndWorkAgainAfterRestart()
    {
        using var server = RedisServer.Start();
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: server.Configuration);
        var client = OtpClient.For(app);
        var id = await client.StartAsync(OtpClient.NewUserId());

        server.Kill();
        await AssertStoreUnavailable(client);
        using (var verify = await client.VerifyAsync(id, "123456"))
        {
            await ProblemAssert.IsProblem(verify, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        }

        server.Restart();
        await WaitUntil(async () =>
        {
            using var response = await client.SendAsync(OtpClient.NewUserId());
            return response.StatusCode == HttpStatusCode.Accepted;
        });
    }

    private static async Task AssertStoreUnavailable(OtpClient client)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(OtpClient.NewUserId());
        watch.Stop();
        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That(watch.Elapsed, Is.LessThan(AnswerWithin), "an outage is answered, not waited out");
        TestContext.Out.WriteLine($"503 store_unavailable answered in {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Polls with a deadline: recovery time depends on the client's reconnect back-off.</summary>
    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await condition())
            {
                TestContext.Out.WriteLine($"recovered after {deadline.ElapsedMilliseconds} ms");
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the service did not recover within 60 s of Redis coming back");
    }
}
