using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Storage.Scripts;
using SecureOtp.Api.Totp;
using SecureOtp.Api.Webhooks;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Redis store of authenticator enrolments. One hash per user (state, the sealed secret and its key id, the last
/// accepted time step, consecutive failures, the lock) and one set of recovery-code hashes, both under the user's hash
/// tag, the one the SMS keys use: the attempt script counts into the same failed-verify log. Round trips: enroll 1,
/// status 1, delete 1, recover 1, confirm and verify 2 (read the sealed secret, then the attempt script). With
/// <c>Redis:WaitForReplicas</c>, enrolments and attempts wait for the replicas, as the SMS writes do.
/// A pending enrolment expires on its own; an active one is the user's credential and stays until deleted, so each
/// tenant's enrolments are counted in an index of their own (totp_reserve.lua), which enrol checks against
/// <c>Limits:MaxTotpEnrolmentsPerTenant</c> first (a second round trip). The index is kept in its own calls, not in the
/// user's scripts, because it lives in another cluster slot: confirm promotes the user's place to permanent and delete
/// gives it back; a promotion or a return the store did not answer is retried by <see cref="StoreCleanup"/>.
/// </summary>
/// <param name="events">Whether the user's tenant has a webhook endpoint: then a lock records totp.locked in the same script.</param>
internal sealed class RedisTotpStore(
    RedisCalls redis, StoreCleanup cleanup, IOptions<RedisOptions> options, WebhookEvents events, RedisWebhookEventStore eventStore) : ITotpStore
{
    /// <summary>What <see cref="StoreCleanup"/> counts a retried index update as.</summary>
    private const string IndexUpdate = "totp_index";

    private static readonly RedisValue[] RecordFields = ["ub", "st", "eid", "kid", "sb", "ca", "lu"];

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public async Task<TotpEnrollResult> EnrollAsync(TotpUser user, NewTotpEnrollment enrollment, CancellationToken cancellationToken)
    {
        var reserved = await redis.RunAsync("totp_reserve", db => db.EvaluateAsync(LuaScripts.TotpReserve, [keys.TotpTenant(user.Tenant)],
        [
            enrollment.CreatedAt.ToUnixTimeMilliseconds(), (enrollment.CreatedAt + enrollment.PendingTtl).ToUnixTimeMilliseconds(), user.Tag,
            enrollment.MaxPerTenant,
        ]), cancellationToken);
        if ((int)reserved == 0)
        {
            return TotpEnrollResult.TenantFull;
        }

        // A place reserved for an enrolment that is then not stored expires with the pending time, as the enrolment would have.
        var stored = await redis.RunAsync("totp_enroll", db => redis.Replicated(db, db.EvaluateAsync(LuaScripts.TotpEnroll,
            [keys.Totp(user.Tag), keys.TotpRecoveryCodes(user.Tag)],
            [
                user.Binding, enrollment.EnrollmentId, enrollment.KeyId, enrollment.SealedSecret,
                enrollment.CreatedAt.ToUnixTimeMilliseconds(), (long)enrollment.PendingTtl.TotalMilliseconds,
            ])), cancellationToken);
        return (int)stored == 1 ? TotpEnrollResult.Stored : TotpEnrollResult.AlreadyActive;
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
        var recording = user.UserId is null ? null : events.For(user.Tenant, null, user.UserId, attempt.Now);
        var (attemptKeys, attemptArguments) = eventStore.Append(
            [keys.Totp(user.Tag), keys.TotpRecoveryCodes(user.Tag), keys.FailedVerifies(user.Tag)], arguments, user.Tag, recording);
        var reply = (RedisResult[])(await redis.RunAsync("totp_" + Mode(attempt.Kind), db => redis.Replicated(db, db.EvaluateAsync(LuaScripts.TotpAttempt,
            attemptKeys, attemptArguments)), cancellationToken))!;
        if (recording is not null && (int)reply[0] == TotpAttemptReply.Incorrect && (int)reply[1] == 0)
        {
            // totp_attempt.lua recorded totp.locked with the lock
            await eventStore.IndexAsync(user.Tag, recording, cancellationToken);
        }

        if ((int)reply[0] == TotpAttemptReply.Approved && attempt.Kind == TotpAttemptKind.Confirm)
        {
            await UpdateIndexAsync(user, Promote, cancellationToken);
        }

        return TotpAttemptReply.Read(reply);
    }

    public async Task DeleteAsync(TotpUser user, CancellationToken cancellationToken)
    {
        var removed = await redis.RunAsync("totp_delete", db => db.EvaluateAsync(LuaScripts.TotpDelete,
            [keys.Totp(user.Tag), keys.TotpRecoveryCodes(user.Tag)], [user.Binding]), cancellationToken);
        if ((int)removed == 1)
        {
            await UpdateIndexAsync(user, GiveBack, cancellationToken);
        }
    }

    /// <summary>The enrolment itself changed already: the answer stands, and an index update the store did not take is
    /// retried in the background (a lost promotion would free the place of an active enrolment once its pending time ends;
    /// a lost return would hold a place for good).</summary>
    private async Task UpdateIndexAsync(TotpUser user, Func<TotpUser, CancellationToken, Task> update, CancellationToken cancellationToken)
    {
        try
        {
            await update(user, cancellationToken);
        }
        catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException)
        {
            cleanup.Queue(IndexUpdate, stopping => update(user, stopping));
        }
    }

    /// <summary>Confirmed: the user's place no longer expires.</summary>
    private Task Promote(TotpUser user, CancellationToken cancellationToken) =>
        redis.RunAsync("totp_index", db => db.SortedSetAddAsync(keys.TotpTenant(user.Tenant), user.Tag, double.PositiveInfinity), cancellationToken);

    private Task GiveBack(TotpUser user, CancellationToken cancellationToken) =>
        redis.RunAsync("totp_index", db => db.SortedSetRemoveAsync(keys.TotpTenant(user.Tenant), user.Tag), cancellationToken);

    private static string Mode(TotpAttemptKind kind) => kind switch
    {
        TotpAttemptKind.Confirm => "confirm",
        TotpAttemptKind.Verify => "verify",
        _ => "recover",
    };
}
