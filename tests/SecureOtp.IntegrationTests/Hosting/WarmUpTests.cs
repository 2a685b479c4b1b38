using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Hosting.WarmUp;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Storage;
using SecureOtp.IntegrationTests.Infrastructure;
using SecureOtp.Testing.Redis;

namespace SecureOtp.IntegrationTests.Hosting;

/// <summary>
/// The warm-up before readiness (issue 27): readiness stays 503 while it runs and turns 200 after (at once when it is
/// off), liveness is unaffected; it runs the real verify paths against records it stores under its own tenant and client,
/// writes no other key (no shared budget), removes every key it wrote, texts nothing, counts under its own label only,
/// stops at its maximum, and a store that fails does not keep the process out of service.
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
        TestContext.Out.WriteLine(string.Join("\n", app.LogText().Split('\n').Where(l => l.Contains("Warm-up", StringComparison.Ordinal))));
        Assert.That(app.LogText(), Does.Contain("Warm-up done").And.Not.Contain("Warm-up stopped"), "every warm-up request was answered as built");
    }

    [Test]
    public async Task WarmUp_RunsTheVerifyPaths_LeavesNoKey_SendsNothing_AndIsNoClientsTraffic()
    {
        using var telemetry = new TelemetryCapture();
        using var app = WarmingApp(TimeSpan.FromSeconds(2));
        using var redis = RedisSetUp.Server.Connect();
        var client = OtpClient.For(app);
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        var log = app.LogText();
        var points = telemetry.Points.ToList(); // before this test's own requests below
        var texts = await client.OutboxCountAsync();

        var keys = redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: app.KeyPrefix + "*").ToArray();
        var verifyLines = log.Split('\n').Where(line => line.Contains("OTP verify:", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Match("Warm-up done: [1-9][0-9]* in-process requests in [0-9]+ ms, [0-9]+ methods compiled"));
            Assert.That(keys, Is.Empty, "every key the warm-up wrote is removed before readiness");
            Assert.That(texts, Is.Zero, "no text");
            Assert.That(log, Does.Not.Contain("Audit send"), "no send audit line");
            Assert.That(verifyLines, Has.Some.Contains("outcome=approved").And.Some.Contains("outcome=incorrect_code"),
                "the real verify paths ran: a wrong code and right ones");
            Assert.That(verifyLines, Has.All.Contains("client=(warm-up)"), "its audit lines are marked as its own");
            Assert.That(verifyLines, Has.Count.LessThanOrEqualTo(SecureOtp.Api.Otp.WarmUpClient.AuditLinesWritten),
                "its first audit lines only: the rest would be noise in the audit trail at every start");
            Assert.That(points.Where(p => p.Instrument == "http.server.request.duration" && !IsProbe(p.Tags)), Is.Empty,
                "in-process requests bypass the hosting layer's metrics");
            Assert.That(points.Where(p => p.Instrument == "secureotp.otp.approved"), Is.Empty, "its approvals count in no conversion figure");
            var counted = points.Where(p => p.Instrument is "secureotp.send.requests" or "secureotp.verify.requests").ToList();
            Assert.That(counted, Is.Not.Empty, "the warm-up ran the send and verify endpoints");
            Assert.That(counted.Select(p => p.Tags["client"]), Is.All.EqualTo("(warm-up)"), "counted under its own label only");
        });
    }

    [Test]
    public async Task WarmUp_WritesOnlyItsOwnRecordsAndItsOwnClientsLimitLogs()
    {
        // Removal switched off: what the warm-up wrote stays, and each key must be one it named as its own.
        var named = new RecordingTraces();
        using var app = WarmingApp(TimeSpan.FromSeconds(2), named);
        using var redis = RedisSetUp.Server.Connect();
        await RedisReadiness.WaitUntilReadyAsync(OtpClient.For(app), TimeSpan.FromSeconds(20));

        var keys = redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: app.KeyPrefix + "*").Select(k => k.ToString()).ToArray();
        var own = named.KeyNames(app.KeyPrefix);
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.Not.Empty, "the warm-up stored records and limit entries");
            Assert.That(keys, Is.SubsetOf(own), "no key but its own records, failed-verify logs and client budgets (no shared brake)");
            Assert.That(keys.Where(k => k.Contains(":{l:", StringComparison.Ordinal)), Has.Exactly(2).Items, "its own send and verify budgets only");
        });
    }

    [TestCase(StoreKind.InProcess)]
    [TestCase(StoreKind.RedisCluster)]
    public async Task WarmUp_RunsItsRoundsAsBuilt_OnEveryStore(StoreKind store)
    {
        // The cluster: every key the warm-up deletes is its own slot; in process: the Development twin of each call.
        using var app = new SecureOtpApp(store, WarmUpSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5)));
        await RedisReadiness.WaitUntilReadyAsync(OtpClient.For(app), TimeSpan.FromSeconds(30));

        Assert.That(app.LogText(), Does.Match("Warm-up done: [1-9][0-9]* in-process requests").And.Not.Contain("Warm-up stopped").And.Not.Contain("Warm-up could not remove"));
    }

    [Test]
    public async Task WarmUp_StopsAtItsMaximum_WhenTheJitNeverSettlesInTime()
    {
        using var app = WarmingApp(TimeSpan.FromSeconds(2), minimum: TimeSpan.FromSeconds(60));
        var client = OtpClient.For(app);
        var waited = await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));

        var done = Regex.Match(app.LogText(), "Warm-up done: [0-9]+ in-process requests in ([0-9]+) ms.*ended by its maximum duration");
        Assert.That(done.Success, Is.True, "ended by the maximum, not by a settled JIT (the minimum is longer)");
        Assert.That(int.Parse(done.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1_900, 6_000));
        Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public async Task Disabled_ReadinessOpensAtOnce_AndNothingRuns()
    {
        using var app = new SecureOtpApp(StoreKind.Redis);
        var waited = await RedisReadiness.WaitUntilReadyAsync(OtpClient.For(app), TimeSpan.FromSeconds(20));

        Assert.That(app.Services.GetRequiredService<WarmUpGate>().IsOpen, Is.True);
        Assert.That(app.LogText(), Does.Not.Contain("Warm-up done").And.Not.Contain("Warm-up stopped"));
        Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(3)), "no warm-up to wait for");
    }

    [Test]
    public async Task AStoreThatDoesNotAnswer_DoesNotKeepTheWarmUpGateClosed()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, WarmUpSettings(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1)),
            redisConfiguration: $"127.0.0.1:{LoopbackPorts.Free()}");
        var client = OtpClient.For(app);
        using (await client.Http.GetAsync("/health/live"))
        {
        }

        var gate = app.Services.GetRequiredService<WarmUpGate>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!gate.IsOpen && waited.Elapsed < TimeSpan.FromSeconds(25))
        {
            await Task.Delay(100);
        }

        Assert.That(gate.IsOpen, Is.True, "the warm-up gave up: readiness now follows the store alone");
        Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "given up on the store's failure, not at the maximum");
        Assert.That(app.LogText(), Does.Contain("Warm-up stopped"));
    }

    private static bool IsProbe(Dictionary<string, object?> tags) =>
        tags.TryGetValue("http.route", out var route) && route?.ToString()?.StartsWith("/health", StringComparison.Ordinal) == true;

    private static Dictionary<string, string?> WarmUpSettings(TimeSpan duration, TimeSpan minimum) => new()
    {
        ["Hosting:WarmUp:Enabled"] = "true",
        ["Hosting:WarmUp:Duration"] = duration.ToString(),
        ["Hosting:WarmUp:MinDuration"] = minimum.ToString(),
    };

    private static SecureOtpApp WarmingApp(TimeSpan duration, IWarmUpTraces? traces = null, TimeSpan? minimum = null) =>
        new(StoreKind.Redis, WarmUpSettings(duration, minimum ?? TimeSpan.FromSeconds(0.5)))
        {
            TestServices = traces is null ? null : services => services.AddSingleton(traces),
        };

    /// <summary>Removes nothing; remembers every key the warm-up named as its own.</summary>
    private sealed class RecordingTraces : IWarmUpTraces
    {
        private readonly Lock gate = new();
        private readonly HashSet<VerificationSlot> users = [];
        private readonly HashSet<string> limitKeys = [];

        public Task RemoveAsync(IReadOnlyCollection<VerificationSlot> slots, IReadOnlyCollection<string> limits, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                users.UnionWith(slots);
                limitKeys.UnionWith(limits);
            }

            return Task.CompletedTask;
        }

        public string[] KeyNames(string prefix)
        {
            var keys = new RedisKeys(prefix);
            lock (gate)
            {
                return
                [
                    .. users.SelectMany(slot => new[] { keys.Record(slot).ToString(), keys.FailedVerifies(slot).ToString() }),
                    .. limitKeys.SelectMany(key => new[] { keys.Limit(key).ToString(), keys.LimitGivenBack(key).ToString() }),
                ];
            }
        }
    }
}
