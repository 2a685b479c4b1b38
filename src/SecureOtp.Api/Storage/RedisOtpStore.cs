using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Redis store. Round trips: send = 1 script (+1 to undo a failed delivery); verify = 1 script;
/// idempotency adds a claim and a completion. Every call is bounded by <c>Redis:OperationTimeout</c>.
/// </summary>
internal sealed class RedisOtpStore(RedisCalls redis, IOptions<RedisOptions> options) : IOtpStore
{
    private static readonly RedisValue[] StateFields = ["idh", "pur", "att", "max", "exp", "tn"];

    /// <summary>Pieces of the sealed user id, each small enough for Redis's compact hash encoding (see start.lua).</summary>
    private const int SealedPieceLength = 60;

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);
    private readonly int waitForReplicas = options.Value.WaitForReplicas;
    private readonly TimeSpan waitTimeout = options.Value.WaitTimeout;

    public async Task<StartOutcome> StartAsync(NewVerification v, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slot = v.Id.Slot;
        var reply = (RedisResult[])(await redis.RunAsync("start", db => Replicated(db, db.ScriptEvaluateAsync(LuaScripts.Start,
            [keys.Record(slot), keys.Cooldown(slot)],
            [
                now.ToUnixTimeMilliseconds(), v.ExpiresAt.ToUnixTimeMilliseconds(), v.ResendAfter.ToUnixTimeMilliseconds(),
                v.Id.LookupHash, v.KeyId, v.CodeHash, v.UserHash, v.Purpose, Piece(v.SealedUserId, 0), v.MaxAttempts, v.TenantTag,
                .. Enumerable.Range(1, (v.SealedUserId.Length - 1) / SealedPieceLength).Select(i => (RedisValue)Piece(v.SealedUserId, i)),
            ])), cancellationToken))!;
        return (int)reply[0] == 1
            ? new StartOutcome.Started()
            : new StartOutcome.ResendTooSoon(TimeSpan.FromMilliseconds((long)reply[1]));
    }

    public async Task<AttemptOutcome> AttemptAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        const int Fixed = 6;
        var arguments = new RedisValue[Fixed + (3 * candidates.Count)];
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

        var reply = (RedisResult[])(await redis.RunAsync("attempt", db => Replicated(db, db.ScriptEvaluateAsync(LuaScripts.Attempt,
            [keys.Record(id.Slot), keys.FailedVerifies(id.Slot)], arguments)), cancellationToken))!;
        return (int)reply[0] switch
        {
            1 => new AttemptOutcome.Approved((string)reply[1]!, (string)reply[2]!, (byte[])reply[3]!),
            2 => new AttemptOutcome.Incorrect((int)reply[1]),
            3 => new AttemptOutcome.Locked(),
            4 => new AttemptOutcome.FailureCapReached(TimeSpan.FromMilliseconds((long)reply[1])),
            5 => new AttemptOutcome.UnknownKey((string)reply[1]!),
            _ => new AttemptOutcome.NotFound(),
        };
    }

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
        redis.RunAsync("abort", db => db.ScriptEvaluateAsync(LuaScripts.Cancel, [keys.Record(id.Slot), keys.Cooldown(id.Slot)], [id.LookupHash]), cancellationToken);

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scopedKey, string requestHash, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await redis.RunAsync("idempotency_claim", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyClaim,
            [keys.Idempotency(scopedKey)], [requestHash, (long)claimTimeout.TotalMilliseconds]), cancellationToken))!;
        return (int)reply[0] switch
        {
            0 => new IdempotencyClaim.Claimed(),
            1 => new IdempotencyClaim.Replay((string)reply[1]!),
            2 => new IdempotencyClaim.BodyMismatch(),
            _ => new IdempotencyClaim.InProgress(),
        };
    }

    public Task CompleteIdempotencyKeyAsync(string scopedKey, string requestHash, string response, TimeSpan retention, CancellationToken cancellationToken) =>
        redis.RunAsync("idempotency_complete", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyComplete,
            [keys.Idempotency(scopedKey)], [requestHash, response, (long)retention.TotalMilliseconds]), cancellationToken);

    public Task ReleaseIdempotencyKeyAsync(string scopedKey, string requestHash, CancellationToken cancellationToken) =>
        redis.RunAsync("idempotency_release", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyRelease, [keys.Idempotency(scopedKey)], [requestHash]), cancellationToken);

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
