using System.Text;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>
/// What a person with a dump of Redis or the logs would see after a whole TOTP flow: no Base32 secret, no raw secret
/// bytes, no code, no recovery code, no user id, no otpauth URI. The sealed secret opens only with the key ring, and only
/// for its own user.
/// </summary>
public sealed class TotpDataHygieneTests
{
    [Test]
    public async Task AfterAWholeFlow_NeitherRedisNorTheLogsHoldTheSecretCodesOrRecoveryCodes()
    {
        using var app = new SecureOtpApp(StoreKind.Redis);
        using var redis = RedisSetUp.Server.Connect();
        var totp = TotpClient.For(app);
        const string userId = "carol.totp-user@example.com";
        using var enrolled = await totp.EnrollAsync(userId);
        var body = await OtpClient.ReadJson(enrolled);
        var uri = body["otpauthUri"]!.GetValue<string>();
        var authenticator = Authenticator.FromUri(uri);
        var now = app.Clock.GetUtcNow();
        var confirmCode = authenticator.CodeAt(now);
        using var confirmed = await totp.ConfirmAsync(userId, confirmCode);
        var recoveryCodes = (await OtpClient.ReadJson(confirmed))["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var verifyCode = authenticator.CodeAt(app.Clock.GetUtcNow());
        using (await totp.VerifyAsync(userId, verifyCode))
        using (await totp.VerifyAsync(userId, verifyCode))
        using (await totp.VerifyAsync(userId, "000000"))
        using (await totp.RecoverAsync(userId, recoveryCodes[0]))
        using (await totp.RecoverAsync(userId, "ZZZZZ-ZZZZZ"))
        {
        }

        var forbidden = new List<byte[]> { authenticator.Secret, authenticator.Secret[..8], authenticator.Secret[^8..] };
        forbidden.AddRange(new[] { authenticator.Base32Secret, authenticator.Base32Secret.ToLowerInvariant(), Convert.ToBase64String(authenticator.Secret),
            Convert.ToHexString(authenticator.Secret), Convert.ToHexStringLower(authenticator.Secret), confirmCode, verifyCode, userId, uri }
            .Concat(recoveryCodes).Concat(recoveryCodes.Select(c => c.Replace("-", "", StringComparison.Ordinal)))
            .Select(Encoding.UTF8.GetBytes));

        var stored = await DumpAsync(redis, app.KeyPrefix);
        Assert.That(stored.Select(s => s.Key), Has.Some.EndsWith(":totp").And.Some.EndsWith(":totp:rc"));
        // The client's write budgets ({l:…}) and the tenant's enrolment index ({te:…}) are not the user's: their own slots.
        var usersKeys = stored.Where(s => !s.Key.Contains("{l:", StringComparison.Ordinal) && !s.Key.Contains("{te:", StringComparison.Ordinal));
        Assert.That(usersKeys.Select(s => s.Key[(s.Key.IndexOf('{', StringComparison.Ordinal) + 1)..s.Key.IndexOf('}', StringComparison.Ordinal)]).Distinct().Count(),
            Is.EqualTo(1), "all of the user's keys, the failed-verify log included, share one hash tag");
        foreach (var (key, values) in stored)
        {
            foreach (var secret in forbidden)
            {
                Assert.That(values.Any(v => v.AsSpan().IndexOf(secret) >= 0), Is.False, $"key {key} holds '{Encoding.UTF8.GetString(secret)}'");
            }
        }

        var logs = app.LogText();
        Assert.That(logs, Does.Contain("Audit totp"), "the test must actually see the service's log lines");
        foreach (var secret in forbidden.Select(Encoding.UTF8.GetString))
        {
            Assert.That(logs, Does.Not.Contain(secret), "logs contain a secret, code, recovery code, URI or user id");
        }
    }

    /// <summary>Every key of this app with everything it holds: its name, hash fields and values, set members.</summary>
    private static async Task<List<(string Key, List<byte[]> Values)>> DumpAsync(ConnectionMultiplexer redis, string prefix)
    {
        var db = redis.GetDatabase();
        var all = new List<(string, List<byte[]>)>();
        foreach (var key in redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: prefix + "*"))
        {
            var values = new List<byte[]> { Encoding.UTF8.GetBytes(key.ToString()) };
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key))
                    {
                        values.Add(entry.Name!);
                        values.Add(entry.Value!);
                    }

                    break;
                case RedisType.Set:
                    values.AddRange((await db.SetMembersAsync(key)).Select(m => (byte[])m!));
                    break;
                case RedisType.SortedSet:
                    values.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(m => (byte[])m!));
                    break;
                default:
                    values.Add((byte[])(await db.StringGetAsync(key))!);
                    break;
            }

            all.Add((key.ToString(), values));
        }

        return all;
    }
}
