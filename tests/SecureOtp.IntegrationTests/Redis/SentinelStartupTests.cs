using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// What StackExchange.Redis leaves to us with Sentinel: its first connection throws when no sentinel names a master
/// (even with abortConnect=false), so the service retries it in the background. Meanwhile it runs, reports not-ready and
/// answers 503 store_unavailable at once; once a sentinel answers, it becomes ready without a restart.
/// </summary>
public sealed class SentinelStartupTests
{
    [TestCase(RedisSecurity.None)]
    [TestCase(RedisSecurity.Password)]
    [TestCase(RedisSecurity.PasswordApart)]
    public async Task SentinelsDownAtStart_ThenComeUp_ServiceBecomesReadyAndServes(RedisSecurity security)
    {
        using var secured = SecuredRedis.For(security);
        using var set = RedisSentinelSet.Prepare(secured.Access); // master and replica up; no sentinel listening yet
        using var app = new SecureOtpApp(StoreKind.Redis, secured.Settings(), redisConfiguration: set.Configuration);
        var client = OtpClient.For(app);

        using (var live = await client.Http.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the service runs without its sentinels");
        }

        Assert.That(await RedisReadiness.ReadinessAsync(client), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        await RedisReadiness.AssertStoreUnavailableAsync(client);

        var setUp = System.Diagnostics.Stopwatch.StartNew();
        set.StartSentinels(); // returns once the sentinels know the replica and each other
        TestContext.Out.WriteLine($"{security}: sentinels set up in {setUp.ElapsedMilliseconds} ms");
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(30));
        await RedisReadiness.AssertSendsAndVerifiesAsync(client);
    }

    [Test]
    public async Task PasswordProtectedSentinels_WithoutThePassword_NeverReady()
    {
        using var secured = SecuredRedis.For(RedisSecurity.Password);
        using var set = RedisSentinelSet.Start(secured.Access);
        var withoutPassword = set.Configuration.Replace($",password={SecuredRedis.Password}", "", StringComparison.Ordinal);
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: withoutPassword);
        var client = OtpClient.For(app);

        // The contrast to the test above: the same set, only the password missing.
        await RedisReadiness.AssertStaysNotReadyAsync(client);
    }
}
