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

    /// <summary>For two seconds <c>/health/ready</c> keeps answering 503, and a send is answered 503 store_unavailable.</summary>
    public static async Task AssertStaysNotReadyAsync(OtpClient client)
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.That(await ReadinessAsync(client), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            await Task.Delay(200);
        }

        await AssertStoreUnavailableAsync(client);
    }

    /// <summary>A code is sent and then verified (200): the store works end to end.</summary>
    public static async Task AssertSendsAndVerifiesAsync(OtpClient client)
    {
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

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
