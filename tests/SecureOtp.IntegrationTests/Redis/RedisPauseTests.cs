using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// Redis stops answering writes (CLIENT PAUSE) under concurrent load: requests are answered 503 within the operation
/// timeout instead of piling up, the thread pool does not starve, and service resumes when Redis does.
/// </summary>
public sealed class RedisPauseTests
{
    [Test]
    public async Task ClientPause_UnderLoad_Answers503Promptly_WithoutStarvation_AndRecovers()
    {
        using var server = RedisServer.Start();
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: server.Configuration);
        var client = OtpClient.For(app);
        await client.StartAsync(OtpClient.NewUserId()); // connected and warm

        using (var admin = server.Connect())
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");
        }

        var maxQueue = 0L;
        var maxThreads = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxQueue = Math.Max(maxQueue, ThreadPool.PendingWorkItemCount);
                maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
                await Task.Delay(10);
            }
        });

        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            var one = Stopwatch.StartNew();
            using var response = await client.SendAsync(OtpClient.NewUserId());
            return (response.StatusCode, one.Elapsed);
        }));
        await sampling.CancelAsync();
        await sampler;

        var slowest = results.Max(r => r.Elapsed);
        TestContext.Out.WriteLine($"100 sends during CLIENT PAUSE: {results.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable)}×503, " +
            $"{results.Count(r => r.StatusCode == HttpStatusCode.Accepted)}×202, slowest {slowest.TotalMilliseconds:F0} ms, " +
            $"all in {watch.ElapsedMilliseconds} ms; thread pool max queue {maxQueue}, max threads {maxThreads}");
        Assert.That(results.All(r => r.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Accepted), Is.True);
        Assert.That(results.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable), Is.GreaterThan(0), "writes were paused");
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(2.9)), "no request waited out the 3 s pause: each is bounded by its timeout");

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var after = await client.SendAsync(OtpClient.NewUserId());
            if (after.StatusCode == HttpStatusCode.Accepted)
            {
                TestContext.Out.WriteLine($"recovered {deadline.ElapsedMilliseconds} ms after the load");
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("sends did not recover after the pause");
    }
}
