using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureOtp.Api.Otp;
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

        // Records keep only a hash of their handle; idempotency records keep it sealed.
        var forbidden = new[] { code, phone, phone[1..], userId, id, secondId, "hygiene-1" };
        var stored = await AllStoredAsync();
        Assert.That(stored.Select(s => s.Key).Distinct().Count(), Is.GreaterThanOrEqualTo(5), "two records, two cooldowns, one idempotency record");
        foreach (var (key, ttl, values) in stored)
        {
            Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), $"key {key} has no TTL");
            AssertHoldsNone(key, values, forbidden.Select(Encoding.UTF8.GetBytes));
        }
    }

    /// <summary>
    /// Issue 13, finding 3: the idempotency record kept a plain SHA-256 of the send body (phone and user id: brute-forced in
    /// seconds) and the first answer with its verification id, for 24 h. Now the body hash is keyed, the answer sealed under
    /// a key derived from the Idempotency-Key, and the Idempotency-Key itself is kept only as a keyed hash.
    /// </summary>
    [Test]
    public async Task IdempotencyRecords_HoldNoBodyHashVerificationIdPhoneUserOrKey_AndStillReplay()
    {
        const string userId = "bob@example.com";
        const string phone = "+14155550123";
        var sendKey = "send-" + Guid.NewGuid().ToString("N");
        var verifyKey = "verify-" + Guid.NewGuid().ToString("N");
        using var sent = await client.SendAsync(userId, phone, idempotencyKey: sendKey);
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var firstAnswer = await sent.Content.ReadAsStringAsync();
        var id = (await OtpClient.ReadJson(sent))["verificationId"]!.GetValue<string>();
        var code = await client.ReadCodeAsync(id);
        using var verified = await client.VerifyAsync(id, code, userId, idempotencyKey: verifyKey);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var approval = await verified.Content.ReadAsStringAsync();

        var bodyHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new SendOtpRequest(userId, phone, "login"), SecureOtpJsonContext.Default.SendOtpRequest));
        var forbidden = new List<byte[]>
        {
            bodyHash, Encoding.UTF8.GetBytes(Convert.ToHexStringLower(bodyHash)), Encoding.UTF8.GetBytes(Convert.ToHexString(bodyHash)),
            Encoding.UTF8.GetBytes(Convert.ToBase64String(bodyHash)), Encoding.UTF8.GetBytes(Base64Url.EncodeToString(bodyHash)),
            bodyHash[..16], Encoding.UTF8.GetBytes(Base64Url.EncodeToString(bodyHash.AsSpan(0, 16))),
        };
        forbidden.AddRange(new[] { id, code, phone, phone[1..], userId, sendKey, verifyKey }.Select(Encoding.UTF8.GetBytes));
        var stored = await AllStoredAsync();
        Assert.That(stored.Where(s => s.Key.Contains("{i:", StringComparison.Ordinal)), Is.Not.Empty, "the send's idempotency record");
        Assert.That(stored.Where(s => s.Key.Contains(":vi:", StringComparison.Ordinal)), Is.Not.Empty, "the verify's idempotency record");
        foreach (var (key, ttl, values) in stored)
        {
            Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), $"key {key} has no TTL");
            AssertHoldsNone(key, values, forbidden);
        }

        using var replay = await client.SendAsync(userId, phone, idempotencyKey: sendKey);
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(firstAnswer), "a replay is the first answer, unsealed");
        using var verifyReplay = await client.VerifyAsync(id, code, userId, idempotencyKey: verifyKey);
        Assert.That(await verifyReplay.Content.ReadAsStringAsync(), Is.EqualTo(approval), "a verify replay is the first approval");
        using var otherBody = await client.SendAsync(userId, "+14155550124", idempotencyKey: sendKey);
        await ProblemAssert.IsProblem(otherBody, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Test]
    public async Task AllKeysOfOneUser_ShareOneHashTag()
    {
        var before = Server().Keys(pattern: app.KeyPrefix + "*").Select(k => k.ToString()).ToHashSet();
        var userId = OtpClient.NewUserId();
        await client.StartAsync(userId, purpose: "login");
        await client.StartAsync(userId, purpose: "payment");

        // Rate-limit logs ({l:...}) are per phone, IP or client, not per user, and live in their own slots. No message-id
        // link ({m:...}) is written: a receipt names the delivery by the reference the text carried.
        var all = Server().Keys(pattern: app.KeyPrefix + "*").Select(k => k.ToString()).Where(k => !before.Contains(k)).ToList();
        var added = all.Where(k => !k.Contains("{l:", StringComparison.Ordinal) && !k.Contains("{m:", StringComparison.Ordinal)).ToList();
        var tags = added.Select(k => k[(k.IndexOf('{', StringComparison.Ordinal) + 1)..k.IndexOf('}', StringComparison.Ordinal)]).Distinct();
        Assert.That(added, Has.Count.EqualTo(4), "a record and a delivery state per purpose (the cooldowns are limit logs): " + string.Join(", ", added));
        Assert.That(tags.Count(), Is.EqualTo(1), "all under the user's one hash tag: " + string.Join(", ", added));
        Assert.That(all.Count(k => k.Contains("{m:", StringComparison.Ordinal)), Is.EqualTo(0), "no message-id link after a send");
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

    /// <summary>
    /// A payment-bound code keeps its transaction beside the record, sealed, in 60-byte pieces like the user id: the
    /// record stays a listpack, no value holds the payee or the amount in clear, and the status read reassembles it.
    /// </summary>
    [TestCase("ACME Ltd")]
    [TestCase("Amazon EU S.a r.l., Niederlassung Deutschland")]
    [TestCase("東京電力エナジーパートナー株式会社東京電力エナジーパートナー株式会社東京電力エナジーパートナー株式会社東京電力エナジー")]
    public async Task ALiveVerificationWithATransaction_MemoryUsageAndEncoding(string payee)
    {
        var before = Server().Keys(pattern: app.KeyPrefix + "*:r:*").Select(k => k.ToString()).ToHashSet();
        var userId = Guid.NewGuid().ToString("N")[..21];
        using var sent = await client.Http.PostAsJsonAsync("/otp/send",
            new { userId, phoneNumber = OtpClient.NewPhone(), transaction = new { amount = "1234.56", currency = "EUR", payee } });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await sent.Content.ReadAsStringAsync());
        var id = (await OtpClient.ReadJson(sent))["verificationId"]!.GetValue<string>();
        var record = Server().Keys(pattern: app.KeyPrefix + "*:r:*").Single(k => !before.Contains(k.ToString()));

        var db = redis.GetDatabase();
        var bytes = (long)await db.ExecuteAsync("MEMORY", "USAGE", record, "SAMPLES", "0");
        var encoding = (string?)await db.ExecuteAsync("OBJECT", "ENCODING", record);
        TestContext.Out.WriteLine($"payee of {payee.Length} chars ({Encoding.UTF8.GetByteCount(payee)} B): MEMORY USAGE {bytes} B, encoding {encoding}");
        Assert.That(encoding, Is.EqualTo("listpack"));
        var values = (await db.HashGetAllAsync(record)).Select(e => (byte[])e.Value!).ToList();
        AssertHoldsNone(record.ToString(), values, new[] { payee, "1234.56", "1234,56" }.Select(Encoding.UTF8.GetBytes));

        using var status = await client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["transaction"]!["payee"]!.GetValue<string>(), Is.EqualTo(payee));
    }

    private IServer Server() => redis.GetServer(RedisSetUp.Server.Configuration);

    /// <summary>Every key of this app with its TTL and everything it holds: its name, hash fields and values, set members.</summary>
    private async Task<List<(string Key, TimeSpan? Ttl, List<byte[]> Values)>> AllStoredAsync()
    {
        var db = redis.GetDatabase();
        var all = new List<(string, TimeSpan?, List<byte[]>)>();
        foreach (var key in Server().Keys(pattern: app.KeyPrefix + "*"))
        {
            var values = new List<byte[]> { Encoding.UTF8.GetBytes(key.ToString()) };
            var type = await db.KeyTypeAsync(key);
            if (type == RedisType.Hash)
            {
                foreach (var entry in await db.HashGetAllAsync(key))
                {
                    values.Add(entry.Name!);
                    values.Add(entry.Value!);
                }
            }
            else if (type == RedisType.SortedSet)
            {
                values.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(member => (byte[])member!));
            }
            else
            {
                values.Add((byte[])(await db.StringGetAsync(key))!);
            }

            all.Add((key.ToString(), await db.KeyTimeToLiveAsync(key), values));
        }

        return all;
    }

    private static void AssertHoldsNone(string key, List<byte[]> values, IEnumerable<byte[]> forbidden)
    {
        foreach (var secret in forbidden)
        {
            foreach (var value in values)
            {
                Assert.That(Contains(value, secret), Is.False, $"key {key} holds '{Encoding.UTF8.GetString(secret)}'");
            }
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
