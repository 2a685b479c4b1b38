using System.Globalization;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Cluster;

/// <summary>
/// The conformance suites also run with <see cref="StoreKind.RedisCluster"/>; this checks that they really exercised a
/// cluster: keys land on several masters, and each user's keys share one slot (so every script is cluster-safe).
/// </summary>
public sealed class ClusterTopologyTests
{
    [Test]
    public async Task Sends_SpreadOverMasters_AndEachUsersKeysShareOneSlot()
    {
        using var app = new SecureOtpApp(StoreKind.RedisCluster);
        var client = OtpClient.For(app);
        for (var i = 0; i < 30; i++)
        {
            var userId = OtpClient.NewUserId();
            await client.StartAsync(userId, purpose: "login");
            await client.StartAsync(userId, purpose: "payment");
        }

        using var redis = ConnectionMultiplexer.Connect(RedisSetUp.Cluster.Configuration + ",syncTimeout=5000");
        var masters = RedisSetUp.Cluster.Ports.Select(p => redis.GetServer("127.0.0.1", p)).Where(s => s.Role() is Role.Master).ToList(); // ROLE asks each node: the multiplexer's cached IsReplica can lag a fresh connection
        Assert.That(masters, Has.Count.EqualTo(3));

        var keysPerMaster = masters.Select(m => m.Keys(pattern: app.KeyPrefix + "*", pageSize: 1000).Select(k => k.ToString()).ToList()).ToList();
        TestContext.Out.WriteLine("keys per master: " + string.Join(", ", keysPerMaster.Select(k => k.Count.ToString(CultureInfo.InvariantCulture))));
        Assert.That(keysPerMaster.Count(k => k.Count > 0), Is.GreaterThan(1), "keys are spread over the cluster");

        var byTag = keysPerMaster.SelectMany(k => k).Where(k => !k.Contains("{l:", StringComparison.Ordinal))
            .GroupBy(k => k[(k.IndexOf('{', StringComparison.Ordinal) + 1)..k.IndexOf('}', StringComparison.Ordinal)]);
        foreach (var tag in byTag)
        {
            // The client's own CRC16 slot function: CLUSTER KEYSLOT through Execute would need allowAdmin in 3.x.
            var slots = tag.Select(k => redis.HashSlot(k)).Distinct().ToList();
            Assert.That(slots, Has.Count.EqualTo(1), $"keys of tag {tag.Key} span slots {string.Join(",", slots)}");
        }
    }
}
