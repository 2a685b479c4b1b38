using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// Counts the commands the service sends to Redis per operation, with Redis's own MONITOR (commands run inside a Lua
/// script are listed apart, as "lua", and do not count: they cost no round trip).
/// Budget on one standalone server: verify 1 round trip (the per-IP limit and the attempt in one script); send 4 with an
/// Idempotency-Key (claim, the rate limits and start.lua in one script, the delivery tracking — its state script alone: the
/// text carries its reference, no message-id link is written — and complete). On a cluster the limits go first, one call per slot written together
/// without waiting (one round trip in practice).
/// </summary>
public sealed class RoundTripTests
{
    private RedisServer server = null!;
    private SecureOtpApp app = null!;
    private OtpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        server = RedisServer.Start(); // its own server, so no other test's traffic is counted
        app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: server.Configuration);
        client = OtpClient.For(app);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        app.Dispose();
        server.Dispose();
    }

    [Test]
    public async Task Verify_TakesOneRoundTrip_AndSendAtMostFive()
    {
        // Warm up: connection set-up and script caching happen once, not per request.
        var warmUser = OtpClient.NewUserId();
        using (var warmSend = await client.SendAsync(warmUser, idempotencyKey: Guid.NewGuid().ToString()))
        {
            var warm = (await OtpClient.ReadJson(warmSend))["verificationId"]!.GetValue<string>();
            using (await client.VerifyAsync(warm, await client.ReadCodeAsync(warm), warmUser))
            {
            }
        }

        var userId = OtpClient.NewUserId();
        string id = "";
        var sendCommands = await Monitor(async () =>
        {
            using var sent = await client.SendAsync(userId, idempotencyKey: Guid.NewGuid().ToString());
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            id = (await OtpClient.ReadJson(sent))["verificationId"]!.GetValue<string>();
        });
        var code = await client.ReadCodeAsync(id);
        var verifyCommands = await Monitor(async () =>
        {
            using var verified = await client.VerifyAsync(id, code, userId);
            Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });

        TestContext.Out.WriteLine($"send: {string.Join(" | ", sendCommands)}");
        TestContext.Out.WriteLine($"verify: {string.Join(" | ", verifyCommands)}");
        var limitBatch = sendCommands.Count(c => c.Contains("{l:", StringComparison.Ordinal));
        Assert.That(limitBatch, Is.EqualTo(1), "the send checked all its rate limits in one script");
        // The delivery tracking is its state script alone: the text carries its reference, no message-id link is written.
        Assert.That(sendCommands.Count(c => c.Contains("{m:", StringComparison.Ordinal)), Is.Zero, "no message-id link");
        Assert.That(sendCommands, Has.Count.EqualTo(4),
            "send with an Idempotency-Key: claim, the limits and the code in one script, the delivery tracking, complete");
        Assert.That(verifyCommands, Has.Count.EqualTo(1), "verify: the per-IP limit and the attempt in one script");
        Assert.That(verifyCommands[0], Does.Contain("EVALSHA").IgnoreCase);
    }

    /// <summary>Issue 21: a verification id send could never have issued was answered 404 after a Redis call (the per-IP
    /// verify limit); docs/api.md promises a 400 that touches no storage.</summary>
    [TestCase("not-an-id")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")]
    public async Task Verify_OfAMalformedId_Is400_AndSendsRedisNothing(string malformed)
    {
        using (await client.VerifyAsync(await client.StartAsync(OtpClient.NewUserId()), "000000", OtpClient.NewUserId()))
        {
            // warm up: the connection and the scripts are ready, so nothing below is set-up traffic
        }

        var commands = await Monitor(async () =>
        {
            using var refused = await client.VerifyAsync(malformed, "123456", OtpClient.NewUserId(), clientIp: "192.0.2.44");
            var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]!["verificationId"], Is.Not.Null);
        });

        Assert.That(commands, Is.Empty, "no Redis command for a malformed id");
    }

    [Test]
    public async Task ScriptsCalledByHash_AreLoadedAgain_WhenTheServerForgetsThem()
    {
        // What a restarted server or a promoted replica that never loaded them looks like: EVALSHA answers NOSCRIPT.
        server.Cli("SCRIPT", "FLUSH");

        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        server.Cli("SCRIPT", "FLUSH");

        using var wrong = await client.VerifyAsync(id, OtpClient.WrongCode(await client.ReadCodeAsync(id)), userId, clientIp: "192.0.2.7");
        var problem = await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
        Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4), "the attempt ran exactly once");
    }

    /// <summary>Runs <paramref name="action"/> while MONITOR records; returns the client commands it caused.</summary>
    private async Task<List<string>> Monitor(Func<Task> action)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "monitor" })
        {
            start.ArgumentList.Add(arg);
        }

        using var monitor = Process.Start(start)!;
        var lines = new List<string>();
        var ok = await monitor.StandardOutput.ReadLineAsync(); // "OK" once MONITOR is active
        Assert.That(ok, Is.EqualTo("OK"));
        var reader = Task.Run(async () =>
        {
            while (await monitor.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                if (line.Contains("\"monitor-end\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
        });

        await action();
        using (var marker = server.Connect())
        {
            await marker.GetDatabase().PingAsync();
            await marker.GetDatabase().StringGetAsync("monitor-end");
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        monitor.Kill();
        lock (lines)
        {
            var end = lines.FindIndex(l => l.Contains("\"monitor-end\"", StringComparison.Ordinal));
            return lines.Take(end)
                .Where(l => !l.Contains(" lua]", StringComparison.Ordinal) && !l.Contains("\"PING\"", StringComparison.OrdinalIgnoreCase)
                    && !l.Contains("\"INFO\"", StringComparison.OrdinalIgnoreCase) && !l.Contains("\"CLIENT\"", StringComparison.OrdinalIgnoreCase)
                    && !l.Contains("\"ECHO\"", StringComparison.OrdinalIgnoreCase) && !l.Contains("\"CLUSTER\"", StringComparison.OrdinalIgnoreCase)
                    && !l.Contains("\"CONFIG\"", StringComparison.OrdinalIgnoreCase)
                    && !l.Contains("\"HELLO\"", StringComparison.OrdinalIgnoreCase) // connection set-up (RESP3 handshake), not a request's
                    && !l.Contains("__Booksleeve_TieBreak", StringComparison.Ordinal) && !l.Contains("\"SUBSCRIBE\"", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Length > 120 ? l[..120] : l)
                .ToList();
        }
    }
}
