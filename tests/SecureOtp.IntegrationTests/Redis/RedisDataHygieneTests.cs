using System.Net;
using System.Text;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>What a person with a dump of Redis would see: no code, no phone number, no user id; a TTL on every key;
/// one cluster hash tag per user.</summary>
public sealed class RedisDataHygieneTests
{
    private SecureOtpApp app = null!;
    private OtpClient client = null!;
    private ConnectionMultiplexer redis = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new SecureOtpApp(StoreKind.Redis);
        client = OtpClient.For(app);
        redis = RedisSetUp.Server.Connect();
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        app.Dispose();
        redis.Dispose();
    }

    [Test]
    public async Task AfterSends_NoKeyOrValueHoldsCodePhoneOrUserId_AndEveryKeyHasTtl()
    {
        const string userId = "alice@example.com";
        const string phone = "+447700900123";
        using var sent = await client.SendAsync(userId, phone, idempotencyKey: "hygiene-1");
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await OtpClient.ReadJson(sent))["verificationId"]!.GetValue<string>();
        var code = await client.ReadCodeAsync(id);
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the number's resend cooldown holds across purposes
        var secondId = await client.StartAsync(userId, phone, purpose: "payment");

        var forbidden = new[] { code, phone, phone[1..], userId };
        // Verification records keep only a hash of their handle. (The idempotency record replays the first answer,
        // which names the handle; a handle without its code is worth nothing.)
        var forbiddenInRecords = new[] { id, secondId };
        var keys = Server().Keys(pattern: app.KeyPrefix + "*").ToArray();
        Assert.That(keys, Has.Length.GreaterThanOrEqualTo(5), "two records, two cooldowns, one idempotency record");

        var db = redis.GetDatabase();
        foreach (var key in keys)
        {
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), $"key {key} has no TTL");

            var stored = new List<byte[]> { Encoding.UTF8.GetBytes(key.ToString()) };
            var type = await db.KeyTypeAsync(key);
            if (type == RedisType.Hash)
            {
                foreach (var entry in await db.HashGetAllAsync(key))
                {
                    stored.Add(entry.Name!);
                    stored.Add(entry.Value!);
                }
            }
            else if (type == RedisType.SortedSet)
            {
                stored.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(member => (byte[])member!));
            }
            else
            {
                stored.Add((byte[])(await db.StringGetAsync(key))!);
            }

            var isIdempotencyRecord = key.ToString().Contains("{i:", StringComparison.Ordinal);
            foreach (var value in stored)
            {
                foreach (var secret in isIdempotencyRecord ? forbidden : forbidden.Concat(forbiddenInRecords))
                {
                    Assert.That(Contains(value, Encoding.UTF8.GetBytes(secret)), Is.False, $"key {key} holds '{secret}'");
                }
            }
        }
    }

    [Test]
    public async Task AllKeysOfOneUser_ShareOneHashTag()
    {
        var before = Server().Keys(pattern: app.KeyPrefix + "*").Select(k => k.ToString()).ToHashSet();
        var userId = OtpClient.NewUserId();
        await client.StartAsync(userId, purpose: "login");
        await client.StartAsync(userId, purpose: "payment");

        // Rate-limit logs ({l:...}) are per phone, IP or client, not per user, and live in their own slots.
        var added = Server().Keys(pattern: app.KeyPrefix + "*").Select(k => k.ToString())
            .Where(k => !before.Contains(k) && !k.Contains("{l:", StringComparison.Ordinal)).ToList();
        var tags = added.Select(k => k[(k.IndexOf('{', StringComparison.Ordinal) + 1)..k.IndexOf('}', StringComparison.Ordinal)]).Distinct();
        Assert.That(added, Has.Count.EqualTo(4), "a record and a cooldown per purpose: " + string.Join(", ", added));
        Assert.That(tags.Count(), Is.EqualTo(1), "all under the user's one hash tag: " + string.Join(", ", added));
    }

    /// <summary>
    /// Memory per live verification (issue 7's budget is 300 B): reported, and the compact encoding guarded. Redis keeps a
    /// small hash as one listpack only while every value is ≤ 64 bytes, so the sealed user id (28 bytes + the id) is stored
    /// in 60-byte pieces; without that a 41-character user id made the record a hashtable of 888 B.
    /// </summary>
    [TestCase(21)]
    [TestCase(41)]
    [TestCase(128)]
    public async Task ALiveVerification_MemoryUsageAndEncoding(int userIdLength)
    {
        var before = Server().Keys(pattern: app.KeyPrefix + "*:r:*").Select(k => k.ToString()).ToHashSet();
        var userId = string.Concat(Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("N")))[..userIdLength];
        var id = await client.StartAsync(userId);
        var record = Server().Keys(pattern: app.KeyPrefix + "*:r:*").Single(k => !before.Contains(k.ToString()));

        var db = redis.GetDatabase();
        var bytes = (long)await db.ExecuteAsync("MEMORY", "USAGE", record, "SAMPLES", "0");
        var encoding = (string?)await db.ExecuteAsync("OBJECT", "ENCODING", record);
        TestContext.Out.WriteLine($"user id of {userIdLength} chars: MEMORY USAGE {bytes} B, encoding {encoding}");
        Assert.That(encoding, Is.EqualTo("listpack"));

        // The pieces reassemble: the verify answer names the user.
        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), userId);
        Assert.That((await OtpClient.ReadJson(verified))["userId"]!.GetValue<string>(), Is.EqualTo(userId));
    }

    private IServer Server() => redis.GetServer(RedisSetUp.Server.Configuration);

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
