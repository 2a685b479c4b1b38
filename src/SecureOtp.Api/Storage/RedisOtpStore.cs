using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Redis store. Round trips: send = 1 script (+1 to undo a failed delivery); verify = 1 script (with or without an
/// Idempotency-Key); a send's Idempotency-Key adds a claim and a completion. Every call is bounded by
/// <c>Redis:OperationTimeout</c>; what a call that timed out may still write once a stalled Redis resumes (a started
/// verification, a claim) is undone by <see cref="StoreCleanup"/>.
/// </summary>
internal sealed class RedisOtpStore(RedisCalls redis, StoreCleanup cleanup, IOptions<RedisOptions> options) : IOtpStore
{
    private static readonly RedisValue[] StateFields = ["idh", "pur", "att", "max", "exp", "tn"];

    /// <summary>Pieces of the sealed user id, each small enough for Redis's compact hash encoding (see start.lua).</summary>
    private const int SealedPieceLength = 60;

    /// <summary>What <see cref="StoreCleanup"/> counts these undos as.</summary>
    private const string VerificationUndo = "verification";
    private const string ClaimUndo = "idempotency_claim";

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);
    private readonly int waitForReplicas = options.Value.WaitForReplicas;
    private readonly TimeSpan waitTimeout = options.Value.WaitTimeout;

    public async Task<StartOutcome> StartAsync(NewVerification v, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slot = v.Id.Slot;
        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await redis.RunAsync("start", db => Replicated(db, db.ScriptEvaluateAsync(LuaScripts.Start,
                [keys.Record(slot), keys.Cooldown(slot)],
                [
                    now.ToUnixTimeMilliseconds(), v.ExpiresAt.ToUnixTimeMilliseconds(), v.ResendAfter.ToUnixTimeMilliseconds(),
                    v.Id.LookupHash, v.KeyId, v.CodeHash, v.UserHash, v.Purpose, Piece(v.SealedUserId, 0), v.MaxAttempts, v.TenantTag, v.CallingCode,
                    .. Enumerable.Range(1, (v.SealedUserId.Length - 1) / SealedPieceLength).Select(i => (RedisValue)Piece(v.SealedUserId, i)),
                ])), cancellationToken))!;
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            // The script may still store a code nobody was sent, and a cooldown that would make the user wait for it.
            AbortLater(v.Id);
            throw;
        }

        return (int)reply[0] == 1
            ? new StartOutcome.Started()
            : new StartOutcome.ResendTooSoon(TimeSpan.FromMilliseconds((long)reply[1]));
    }

    public async Task<AttemptOutcome> AttemptAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now,
        CancellationToken cancellationToken, AttemptReplay? replay = null)
    {
        const int Fixed = 6;
        var arguments = new RedisValue[Fixed + (3 * candidates.Count) + (replay is null ? 0 : 2)];
        arguments[0] = id.LookupHash;
        arguments[1] = now.ToUnixTimeMilliseconds();
        arguments[2] = failureCap.Limit;
        arguments[3] = (long)failureCap.Window.TotalMilliseconds;
        arguments[4] = UniqueMember.New();
        arguments[5] = tenantTag;
        for (var i = 0; i < candidates.Count; i++)
        {
            arguments[Fixed + (3 * i)] = candidates[i].KeyId;
            arguments[Fixed + 1 + (3 * i)] = candidates[i].CodeHash;
            arguments[Fixed + 2 + (3 * i)] = candidates[i].UserBinding ?? RedisValue.EmptyString;
        }

        RedisKey[] attemptKeys = [keys.Record(id.Slot), keys.FailedVerifies(id.Slot)];
        if (replay is not null)
        {
            attemptKeys = [.. attemptKeys, keys.VerifyIdempotency(id.Slot, replay.Name)];
            arguments[^2] = replay.RequestHash;
            arguments[^1] = (long)replay.Retention.TotalMilliseconds;
        }

        var reply = (RedisResult[])(await redis.RunAsync("attempt", db => Replicated(db, db.ScriptEvaluateAsync(LuaScripts.Attempt,
            attemptKeys, arguments)), cancellationToken))!;
        return Attempted(reply, 0);
    }

    /// <summary>attempt.lua's answer from <paramref name="at"/> on (a replay carries the first answer after its own code).</summary>
    private static AttemptOutcome Attempted(RedisResult[] reply, int at) => (int)reply[at] switch
    {
        1 => new AttemptOutcome.Approved((string)reply[at + 1]!, (string)reply[at + 2]!, (byte[])reply[at + 3]!, (string?)reply[at + 4] ?? "unknown"),
        2 => new AttemptOutcome.Incorrect((int)reply[at + 1]),
        3 => new AttemptOutcome.Locked(),
        4 => new AttemptOutcome.FailureCapReached(TimeSpan.FromMilliseconds((long)reply[at + 1])),
        5 => new AttemptOutcome.UnknownKey((string)reply[at + 1]!),
        6 => new AttemptOutcome.IdempotencyKeyReused(),
        7 => new AttemptOutcome.Replayed(Attempted(reply, at + 1)),
        _ => new AttemptOutcome.NotFound(),
    };

    public async Task<VerificationState?> GetStateAsync(VerificationId id, byte[] tenantTag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var f = await redis.RunAsync("state", db => db.HashGetAsync(keys.Record(id.Slot), StateFields), cancellationToken);
        if (!IsLive(f[0], f[4], f[5], id, tenantTag, now))
        {
            return null;
        }

        var remaining = Math.Max(0, (int)f[3] - (int)f[2]);
        return new VerificationState(f[1]!, remaining, remaining == 0, DateTimeOffset.FromUnixTimeMilliseconds((long)f[4]));
    }

    public Task CancelAsync(VerificationId id, byte[] tenantTag, CancellationToken cancellationToken) =>
        redis.RunAsync("cancel", db => db.ScriptEvaluateAsync(LuaScripts.Cancel, [keys.Record(id.Slot)], [id.LookupHash, tenantTag]), cancellationToken);

    public Task AbortAsync(VerificationId id, CancellationToken cancellationToken) =>
        cleanup.RunOrQueueAsync(VerificationUndo, stopping => Abort(id, stopping), cancellationToken);

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(IdempotentRequest request, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await redis.RunAsync("idempotency_claim", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyClaim,
                [keys.Idempotency(request.ScopedKey)], [request.RequestHash, request.ClaimToken, (long)claimTimeout.TotalMilliseconds]), cancellationToken))!;
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            // A claim written after its request gave up would answer retries "in progress" until it lapses.
            ReleaseIdempotencyKeyLater(request);
            throw;
        }

        return (int)reply[0] switch
        {
            0 => new IdempotencyClaim.Claimed(),
            1 => new IdempotencyClaim.Replay((byte[])reply[1]!),
            2 => new IdempotencyClaim.BodyMismatch(),
            _ => new IdempotencyClaim.InProgress(),
        };
    }

    public Task CompleteIdempotencyKeyAsync(IdempotentRequest request, byte[] sealedResponse, TimeSpan retention, CancellationToken cancellationToken) =>
        redis.RunAsync("idempotency_complete", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyComplete,
            [keys.Idempotency(request.ScopedKey)], [request.RequestHash, request.ClaimToken, sealedResponse, (long)retention.TotalMilliseconds]), cancellationToken);

    public Task ReleaseIdempotencyKeyAsync(IdempotentRequest request, CancellationToken cancellationToken) =>
        cleanup.RunOrQueueAsync(ClaimUndo, stopping => Release(request, stopping), cancellationToken);

    public void ReleaseIdempotencyKeyLater(IdempotentRequest request) => cleanup.Queue(ClaimUndo, stopping => Release(request, stopping));

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.RunAsync("ping", db => db.PingAsync(), cancellationToken);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Removes the verification and its cooldown if they are still this id's (the script checks the id hash).</summary>
    private Task<RedisResult> Abort(VerificationId id, CancellationToken cancellationToken) =>
        redis.RunAsync("abort", db => db.ScriptEvaluateAsync(LuaScripts.Cancel, [keys.Record(id.Slot), keys.Cooldown(id.Slot)], [id.LookupHash]), cancellationToken);

    private void AbortLater(VerificationId id) => cleanup.Queue(VerificationUndo, stopping => Abort(id, stopping));

    private Task<RedisResult> Release(IdempotentRequest request, CancellationToken cancellationToken) =>
        redis.RunAsync("idempotency_release", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyRelease,
            [keys.Idempotency(request.ScopedKey)], [request.RequestHash, request.ClaimToken]), cancellationToken);

    /// <summary>
    /// With <c>Redis:WaitForReplicas</c>, follows a security-relevant write with <c>WAIT n ms</c> on the same connection,
    /// so the answer is given only once the replicas hold the write (or the short timeout passed).
    /// </summary>
    private async Task<RedisResult> Replicated(IDatabase db, Task<RedisResult> write)
    {
        var result = await write;
        if (waitForReplicas > 0)
        {
            await db.ExecuteAsync("WAIT", waitForReplicas, (long)waitTimeout.TotalMilliseconds);
        }

        return result;
    }

    private static byte[] Piece(byte[] sealedUserId, int index) =>
        sealedUserId.AsSpan(index * SealedPieceLength, Math.Min(SealedPieceLength, sealedUserId.Length - (index * SealedPieceLength))).ToArray();

    /// <summary>The record exists, belongs to this handle (not a newer send) and to the caller's tenant, and has not
    /// expired by our clock.</summary>
    private static bool IsLive(RedisValue idh, RedisValue expiresAtMs, RedisValue storedTenantTag, VerificationId id, byte[] tenantTag, DateTimeOffset now) =>
        idh.HasValue && idh == id.LookupHash && storedTenantTag == (RedisValue)tenantTag && (long)expiresAtMs > now.ToUnixTimeMilliseconds();
}
