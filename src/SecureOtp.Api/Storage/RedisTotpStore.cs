using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Totp;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Redis store of authenticator enrolments. One hash per user (state, the sealed secret and its key id, the last
/// accepted time step, consecutive failures, the lock) and one set of recovery-code hashes, both under the user's hash
/// tag, the one the SMS keys use: the attempt script counts into the same failed-verify log. Round trips: enroll 1,
/// status 1, delete 1, recover 1, confirm and verify 2 (read the sealed secret, then the attempt script). With
/// <c>Redis:WaitForReplicas</c>, enrolments and attempts wait for the replicas, as the SMS writes do.
/// A pending enrolment expires on its own; an active one is the user's credential and stays until deleted.
/// </summary>
internal sealed class RedisTotpStore(RedisCalls redis, IOptions<RedisOptions> options) : ITotpStore
{
    private static readonly RedisValue[] RecordFields = ["ub", "st", "eid", "kid", "sb", "ca", "lu"];

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public async Task<bool> EnrollAsync(TotpUser user, NewTotpEnrollment enrollment, CancellationToken cancellationToken)
    {
        var stored = await redis.RunAsync("totp_enroll", db => redis.Replicated(db, db.EvaluateAsync(LuaScripts.TotpEnroll,
            [keys.Totp(user.Tag), keys.TotpRecoveryCodes(user.Tag)],
            [
                user.Binding, enrollment.EnrollmentId, enrollment.KeyId, enrollment.SealedSecret,
                enrollment.CreatedAt.ToUnixTimeMilliseconds(), (long)enrollment.PendingTtl.TotalMilliseconds,
            ])), cancellationToken);
        return (int)stored == 1;
    }

    public async Task<TotpRecord?> GetAsync(TotpUser user, CancellationToken cancellationToken)
    {
        var f = await redis.RunAsync("totp_get", db => db.HashGetAsync(keys.Totp(user.Tag), RecordFields), cancellationToken);
        if (f[0].IsNull || f[0] != (RedisValue)user.Binding)
        {
            return null;
        }

        return new TotpRecord(f[1] == "a", (string)f[2]!, (string)f[3]!, (byte[])f[4]!,
            DateTimeOffset.FromUnixTimeMilliseconds((long)f[5]), f[6].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)f[6]));
    }

    public async Task<TotpAttemptOutcome> AttemptAsync(TotpUser user, TotpAttempt attempt, CancellationToken cancellationToken)
    {
        RedisValue[] arguments =
        [
            Mode(attempt.Kind), user.Binding, attempt.EnrollmentId ?? "", attempt.Now.ToUnixTimeMilliseconds(), attempt.MaxAttempts,
            (long)attempt.LockDuration.TotalMilliseconds, attempt.FailureCap.Limit, (long)attempt.FailureCap.Window.TotalMilliseconds,
            UniqueMember.New(), attempt.RecoveryCodeHash ?? RedisValue.EmptyString, attempt.MatchedSteps.Length,
            .. attempt.MatchedSteps.Select(step => (RedisValue)step),
            .. attempt.NewRecoveryCodeHashes.Select(hash => (RedisValue)hash),
        ];
        var reply = (RedisResult[])(await redis.RunAsync("totp_" + Mode(attempt.Kind), db => redis.Replicated(db, db.EvaluateAsync(LuaScripts.TotpAttempt,
            [keys.Totp(user.Tag), keys.TotpRecoveryCodes(user.Tag), keys.FailedVerifies(user.Tag)], arguments)), cancellationToken))!;
        return (int)reply[0] switch
        {
            1 => new TotpAttemptOutcome.Approved((int)reply[1]),
            2 => new TotpAttemptOutcome.Incorrect((int)reply[1]),
            3 => new TotpAttemptOutcome.Locked(TimeSpan.FromMilliseconds((long)reply[1])),
            4 => new TotpAttemptOutcome.FailureCapReached(TimeSpan.FromMilliseconds((long)reply[1])),
            5 => new TotpAttemptOutcome.AlreadyUsed(),
            7 => new TotpAttemptOutcome.AlreadyActive(),
            8 => new TotpAttemptOutcome.Stale(),
            _ => new TotpAttemptOutcome.NotEnrolled(),
        };
    }

    public Task DeleteAsync(TotpUser user, CancellationToken cancellationToken) =>
        redis.RunAsync("totp_delete", db => db.EvaluateAsync(LuaScripts.TotpDelete,
            [keys.Totp(user.Tag), keys.TotpRecoveryCodes(user.Tag)], [user.Binding]), cancellationToken);

    private static string Mode(TotpAttemptKind kind) => kind switch
    {
        TotpAttemptKind.Confirm => "confirm",
        TotpAttemptKind.Verify => "verify",
        _ => "recover",
    };
}
