using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// Redis outages: the service starts without Redis, answers 503 store_unavailable quickly instead of hanging, reports
/// not-ready, and recovers by itself when Redis comes back. Each test owns its redis-server process.
/// </summary>
public sealed class RedisOutageTests
{
    private static readonly TimeSpan RecoverWithin = TimeSpan.FromSeconds(60);

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

        Assert.That(await RedisReadiness.ReadinessAsync(client), Is.EqualTo(HttpStatusCode.ServiceUnavailable));

        await RedisReadiness.AssertStoreUnavailableAsync(client);

        using var server = RedisServer.Start(port);
        await RedisReadiness.WaitUntilReadyAsync(client, RecoverWithin);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RedisKilled_RequestsGet503Quickly_AndWorkAgainAfterRestart()
    {
        using var server = RedisServer.Start();
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: server.Configuration);
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);

        server.Kill();
        await RedisReadiness.AssertStoreUnavailableAsync(client);
        using (var verify = await client.VerifyAsync(id, "123456", userId))
        {
            await ProblemAssert.IsProblem(verify, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        }

        server.Restart();
        await RedisReadiness.WaitUntilAsync(async () =>
        {
            using var response = await client.SendAsync(OtpClient.NewUserId());
            return response.StatusCode == HttpStatusCode.Accepted;
        }, RecoverWithin, "sends answered 202 again");
    }
}
