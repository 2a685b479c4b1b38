using System.Diagnostics;
using System.Net;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>Polls with a deadline (recovery times depend on the client's reconnect back-off), never a fixed sleep.</summary>
public static class RedisReadiness
{
    // Loose on purpose (shared CI machines): the point is "answers instead of hanging", not a latency figure.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>A send is answered <c>503 store_unavailable</c> with <c>Retry-After</c>, and promptly.</summary>
    public static async Task AssertStoreUnavailableAsync(OtpClient client)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(OtpClient.NewUserId());
        watch.Stop();
        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That(watch.Elapsed, Is.LessThan(AnswerWithin), "an outage is answered, not waited out");
        TestContext.Out.WriteLine($"503 store_unavailable answered in {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; returns how long that took, or fails the test.</summary>
    public static Task<TimeSpan> WaitUntilReadyAsync(OtpClient client, TimeSpan within) => WaitUntilAsync(async () =>
    {
        using var ready = await client.Http.GetAsync("/health/ready");
        return ready.StatusCode == HttpStatusCode.OK;
    }, within, "/health/ready answered 200");

    public static async Task<HttpStatusCode> ReadinessAsync(OtpClient client)
    {
        using var ready = await client.Http.GetAsync("/health/ready");
        return ready.StatusCode;
    }

    public static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < within)
        {
            if (await condition())
            {
                TestContext.Out.WriteLine($"{what} after {elapsed.ElapsedMilliseconds} ms");
                return elapsed.Elapsed;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"not within {within.TotalSeconds} s: {what}");
        return elapsed.Elapsed;
    }
}
