using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Hosting;

/// <summary>
/// The warm-up before readiness (issue 27): readiness stays 503 while it runs and turns 200 after, liveness is unaffected,
/// and it leaves no trace that could pass for traffic: no Redis key, no text, no audit line, no http.server metric, and
/// request counters only under its own client label.
/// </summary>
[NonParallelizable]
public sealed class WarmUpTests
{
    [Test]
    public async Task Readiness_FailsWhileWarmingUp_AndPassesAfter_LivenessAlwaysPasses()
    {
        using var app = WarmingApp(TimeSpan.FromSeconds(4));
        var client = OtpClient.For(app);

        using (var ready = await client.Http.GetAsync("/health/ready"))
        using (var live = await client.Http.GetAsync("/health/live"))
        {
            Assert.That((ready.StatusCode, live.StatusCode), Is.EqualTo((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK)),
                "warming up: not ready, but alive");
        }

        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        Assert.That(app.LogText(), Does.Contain("Warm-up done").And.Not.Contain("Warm-up stopped"), "every warm-up request was refused as built");
    }

    [Test]
    public async Task WarmUp_WritesNoKey_SendsNothing_AndIsNoClientsTraffic()
    {
        using var telemetry = new TelemetryCapture();
        using var app = WarmingApp(TimeSpan.FromSeconds(1));
        using var redis = RedisSetUp.Server.Connect();
        var client = OtpClient.For(app);
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        var log = app.LogText();
        var points = telemetry.Points.ToList(); // before this test's own requests below
        var texts = await client.OutboxCountAsync();

        var keys = redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: app.KeyPrefix + "*").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Match("Warm-up done: [1-9][0-9]* in-process requests"));
            Assert.That(keys, Is.Empty, "the warm-up only reads");
            Assert.That(texts, Is.Zero, "no text");
            Assert.That(log, Does.Not.Contain("OTP verify:").And.Not.Contain("Audit send"), "no audit line");
            Assert.That(points.Where(p => p.Instrument == "http.server.request.duration" && !IsProbe(p.Tags)), Is.Empty,
                "in-process requests bypass the hosting layer's metrics");
            var counted = points.Where(p => p.Instrument is "secureotp.send.requests" or "secureotp.verify.requests").ToList();
            Assert.That(counted, Is.Not.Empty, "the warm-up ran the send and verify endpoints");
            Assert.That(counted.Select(p => p.Tags["client"]), Is.All.EqualTo("(warm-up)"), "counted under its own label only");
        });
    }

    private static bool IsProbe(Dictionary<string, object?> tags) =>
        tags.TryGetValue("http.route", out var route) && route?.ToString()?.StartsWith("/health", StringComparison.Ordinal) == true;

    private static SecureOtpApp WarmingApp(TimeSpan duration) => new(StoreKind.Redis, new Dictionary<string, string?>
    {
        ["Hosting:WarmUp:Enabled"] = "true",
        ["Hosting:WarmUp:Duration"] = duration.ToString(),
    });
}
