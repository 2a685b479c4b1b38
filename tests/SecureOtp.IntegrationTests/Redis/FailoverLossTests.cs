using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// What a forced Sentinel failover under load loses (replication is asynchronous): wrong guesses answered 400 whose count
/// is gone on the new master, and codes approved (200) that approve again afterwards ("doubled approvals").
/// Without WAIT the figures are reported; with <c>Redis:WaitForReplicas=1</c> no doubled approval is allowed.
/// </summary>
public sealed class FailoverLossTests
{
    [TestCase(0)]
    [TestCase(1)]
    public async Task ForcedFailoverUnderLoad_LosesNoApprovals_WithWait(int waitForReplicas)
    {
        using var set = RedisSentinelSet.Start();
        using var app = new SecureOtpApp(StoreKind.Redis, new Dictionary<string, string?>
        {
            ["Redis:WaitForReplicas"] = waitForReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Redis:WaitTimeout"] = "00:00:00.500",
            ["Otp:MaxAttempts"] = "10",
        }, redisConfiguration: set.Configuration);
        var client = OtpClient.For(app);
        // The service connects through the sentinels in the background (it starts while they are unreachable);
        // a send before that is rightly a 503, so the scenario starts once it is ready.
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));

        var verifications = new List<(string Id, string Code, string UserId)>();
        for (var i = 0; i < 40; i++)
        {
            var userId = OtpClient.NewUserId();
            var id = await client.StartAsync(userId);
            verifications.Add((id, await client.ReadCodeAsync(id), userId));
        }

        set.WaitForReplicaCatchUp();
        var wrongAcked = new ConcurrentDictionary<string, int>();
        var approved = new ConcurrentDictionary<string, int>();
        var load = Stopwatch.StartNew();
        var failover = Task.Run(async () =>
        {
            await Task.Delay(300);
            set.ForceFailover();
        });
        var workers = Enumerable.Range(0, 8).Select(async w =>
        {
            for (var n = 0; load.Elapsed < TimeSpan.FromSeconds(3); n++)
            {
                var (id, code, userId) = verifications[(w * 5 + n) % 20]; // the first 20: wrong guesses only (up to 9 each)
                if (wrongAcked.GetValueOrDefault(id) < 9)
                {
                    using var response = await client.VerifyAsync(id, OtpClient.WrongCode(code), userId);
                    if (response.StatusCode == HttpStatusCode.BadRequest)
                    {
                        wrongAcked.AddOrUpdate(id, 1, (_, c) => c + 1);
                    }
                }

                var (approveId, approveCode, approveUserId) = verifications[20 + ((w * 5 + n) % 20)]; // the last 20: one right code each
                if (!approved.ContainsKey(approveId))
                {
                    using var response = await client.VerifyAsync(approveId, approveCode, approveUserId);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        approved[approveId] = 1;
                    }
                }
            }
        });
        await Task.WhenAll(workers.Append(failover));
        await Task.Delay(1000);

        // After the failover: every approved code must stay consumed; every answered wrong guess should still count.
        var doubled = 0;
        foreach (var id in approved.Keys)
        {
            var (_, code, userId) = verifications.Single(v => v.Id == id);
            using var again = await client.VerifyAsync(id, code, userId);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                doubled++;
            }
        }

        var lostGuesses = 0;
        foreach (var (id, _, _) in verifications.Take(20))
        {
            using var status = await client.Http.GetAsync($"/otp/{id}");
            var remaining = status.StatusCode == HttpStatusCode.OK ? (await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>() : 10;
            lostGuesses += Math.Max(0, wrongAcked.GetValueOrDefault(id) - (10 - remaining));
        }

        TestContext.Out.WriteLine($"WaitForReplicas={waitForReplicas}: {wrongAcked.Values.Sum()} wrong guesses answered 400, {lostGuesses} of them lost; " +
            $"{approved.Count} approvals, {doubled} doubled after the failover");
        if (waitForReplicas > 0)
        {
            Assert.That(doubled, Is.Zero, "with WAIT no approval is undone by the failover");
        }
    }
}
