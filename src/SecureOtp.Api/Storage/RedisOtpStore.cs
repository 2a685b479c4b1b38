using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Storage.Scripts;
using SecureOtp.Api.Webhooks;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Redis store. Round trips: send = 1 script (+1 to undo a failed delivery), then the delivery tracking's own
/// pipelined call once the text is out (<see cref="RedisDeliveryStore"/>); verify = 1 script (with or without an
/// Idempotency-Key, its per-IP limit included on one server; a cluster adds the limiter's own call first); a send's Idempotency-Key adds a claim and a completion. Every call is bounded by
/// <c>Redis:OperationTimeout</c>; what a call that timed out may still write once a stalled Redis resumes (a started
/// verification, a claim) is undone by <see cref="StoreCleanup"/>.
/// </summary>
/// <param name="limiter">The Redis limiter: a verify's limits run in the attempt's own script on one server.</param>
/// <param name="events">Whether the tenant has a webhook endpoint: then approvals, locks and cancels record their event in
/// the same script (events.lua).</param>
/// <param name="time">A cancel's event time (the other calls are given theirs).</param>
internal sealed class RedisOtpStore(
    RedisCalls redis, StoreCleanup cleanup, RedisRateLimiter limiter, IOptions<RedisOptions> options, WebhookEvents events, RedisWebhookEventStore eventStore,
    TimeProvider time) : IOtpStore
{
    /// <summary>Pieces of a sealed value (the user id, the transaction), each small enough for Redis's compact hash
    /// encoding (see start.lua).</summary>
    private const int SealedPieceLength = 60;

    /// <summary>The most pieces a sealed transaction takes: 28 bytes of seal and at most 12 + 24 + 3 + 256 of transaction.</summary>
    private const int MaxTransactionPieces = 6;

    /// <summary>The most pieces the sealed user id (≤ 128 characters of up to 4 bytes, + 28) and the sealed delivery
    /// (code, number, locale, app hash, channels, + 28) take.</summary>
    private const int MaxUserIdPieces = 10;
    private const int MaxDeliveryPieces = 4;

    private static readonly RedisValue[] StateFields =
    [
        "idh", "pur", "att", "max", "exp", "tn", "kid", "cc",
        .. Pieced("t", MaxTransactionPieces), .. Pieced("u", MaxUserIdPieces), .. Pieced("d", MaxDeliveryPieces),
    ];

    /// <summary>What <see cref="StoreCleanup"/> counts these undos as.</summary>
    private const string VerificationUndo = "verification";
    private const string ClaimUndo = "idempotency_claim";

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public async Task<LimitDecision> StartAsync(NewVerification v, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyList<LimitCheck>? limitsFirst = null)
    {
        RedisKey[] startKeys = [keys.Record(v.Id.Slot)];
        RedisValue[] startArguments =
        [
            now.ToUnixTimeMilliseconds(), v.ExpiresAt.ToUnixTimeMilliseconds(), v.Id.LookupHash, v.KeyId, v.CodeHash, v.UserHash, v.Purpose, Pieces(v.SealedUserId).First(), v.MaxAttempts, v.TenantTag, v.CallingCode,
            v.SealedId ?? RedisValue.EmptyString,
            .. Pieces(v.SealedUserId).Skip(1).SelectMany((piece, i) => new RedisValue[] { $"u{i + 1}", piece }),
            .. Pieces(v.SealedTransaction ?? []).SelectMany((piece, i) => new RedisValue[] { TransactionPiece(i), piece }),
            .. Pieces(v.SealedDelivery ?? []).SelectMany((piece, i) => new RedisValue[] { Piece("d", i), piece }),
        ];
        if (limitsFirst is not { Count: > 0 })
        {
            await StartOnlyAsync(v, startKeys, startArguments, cancellationToken);
            return new LimitDecision.Admitted([]);
        }

        RedisResult[]? combined;
        try
        {
            combined = await redis.RunAsync("start", db => limiter.OnOneServer(db)
                ? LimitsFirstAsync(db, LuaScripts.LimitedStart, limitsFirst, startKeys, startArguments, now)
                : Task.FromResult<RedisResult[]?>(null), cancellationToken);
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            // The script may still record the limits (the cooldowns among them) and store a code nobody was sent.
            AbortLater(v.Id);
            limiter.ReleaseAfterStall(limitsFirst, now);
            throw;
        }

        if (combined is not null)
        {
            return (int)combined[0] == 0
                ? RedisRateLimiter.Refusal(limitsFirst, combined)
                : new LimitDecision.Admitted(RedisRateLimiter.Recorded(limitsFirst, (RedisResult[])combined[2]!, now));
        }

        // A cluster keeps the limit keys in other slots than the record: the limiter goes first, in its own calls.
        var decision = await limiter.AcquireAsync(limitsFirst, now, cancellationToken);
        if (decision is LimitDecision.Admitted admitted)
        {
            try
            {
                await StartOnlyAsync(v, startKeys, startArguments, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                // The caller never learns of these entries: they are given back here, once the store answers again.
                limiter.ReleaseLater(admitted.Recorded);
                throw;
            }
        }

        return decision;
    }

    /// <summary>start.lua alone (it answers 1: storing cannot be refused).</summary>
    private async Task StartOnlyAsync(NewVerification v, RedisKey[] startKeys, RedisValue[] startArguments, CancellationToken cancellationToken)
    {
        try
        {
            await redis.RunAsync("start", db => redis.Replicated(db, db.EvaluateAsync(LuaScripts.Start, startKeys, startArguments)), cancellationToken);
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            // The script may still store a code nobody was sent.
            AbortLater(v.Id);
            throw;
        }
    }

    public async Task<AttemptOutcome> AttemptAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now,
        CancellationToken cancellationToken, AttemptReplay? replay = null, IReadOnlyList<LimitCheck>? limitsFirst = null)
    {
        var recording = events.For(tenantTag, id.Value, null, now);
        var outcome = await AttemptRecordingAsync(id, tenantTag, candidates, failureCap, now, replay, limitsFirst, recording, cancellationToken);
        if (recording is not null && outcome is AttemptOutcome.Approved or AttemptOutcome.Incorrect { AttemptsRemaining: 0 })
        {
            // attempt.lua recorded verification.approved or .locked with the change
            await eventStore.IndexAsync(id.Slot.UserTag, recording, cancellationToken);
        }

        return outcome;
    }

    private async Task<AttemptOutcome> AttemptRecordingAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now,
        AttemptReplay? replay, IReadOnlyList<LimitCheck>? limitsFirst, EventRecording? recording, CancellationToken cancellationToken)
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

        (attemptKeys, arguments) = eventStore.Append(attemptKeys, arguments, id.Slot.UserTag, recording);

        if (limitsFirst is not { Count: > 0 })
        {
            return await AttemptOnlyAsync(attemptKeys, arguments, cancellationToken);
        }

        RedisResult[]? combined;
        try
        {
            combined = await redis.RunAsync("attempt", db => limiter.OnOneServer(db)
                ? LimitsFirstAsync(db, LuaScripts.LimitedAttempt, limitsFirst, attemptKeys, arguments, now)
                : Task.FromResult<RedisResult[]?>(null), cancellationToken);
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            limiter.ReleaseAfterStall(limitsFirst, now);
            throw;
        }

        if (combined is not null)
        {
            return (int)combined[0] == RateLimitsReply.Refused
                ? LimitRefusal(RedisRateLimiter.Refusal(limitsFirst, combined))
                : AttemptReply.Read((RedisResult[])combined[1]!);
        }

        // A cluster keeps the limit keys in other slots than the record: the limiter goes first, in its own call.
        return await limiter.AcquireAsync(limitsFirst, now, cancellationToken) is LimitDecision.Refused refused
            ? LimitRefusal(refused)
            : await AttemptOnlyAsync(attemptKeys, arguments, cancellationToken);
    }

    private async Task<AttemptOutcome> AttemptOnlyAsync(RedisKey[] attemptKeys, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await redis.RunAsync("attempt", db => redis.Replicated(db, db.EvaluateAsync(LuaScripts.Attempt,
            attemptKeys, arguments)), cancellationToken))!;
        return AttemptReply.Read(reply);
    }

    /// <summary>The limits, then another script, in one call (one server only: the keys live in different slots); see
    /// <see cref="LuaScripts.LimitedAttempt"/>.</summary>
    private async Task<RedisResult[]?> LimitsFirstAsync(
        IDatabase db, StoredScript script, IReadOnlyList<LimitCheck> limits, RedisKey[] innerKeys, RedisValue[] innerArguments, DateTimeOffset now)
    {
        var (limitKeys, limitArguments) = limiter.OneScriptCall(limits, now);
        RedisValue[] arguments = [limits.Count, .. limitArguments, .. innerArguments];
        return (RedisResult[])(await redis.Replicated(db, db.EvaluateAsync(script, [.. limitKeys, .. innerKeys], arguments)))!;
    }

    private static AttemptOutcome.LimitRefused LimitRefusal(LimitDecision.Refused refused) => new(refused.Limit, refused.RetryAfter);

    public async Task<byte[]?> LocateAsync(VerificationSlot slot, byte[] tenantTag, DateTimeOffset now, AttemptReplay? pin, CancellationToken cancellationToken)
    {
        RedisKey[] locateKeys = pin is null ? [keys.Record(slot)] : [keys.Record(slot), keys.VerifyIdempotency(slot, pin.Name)];
        RedisValue[] arguments = pin is null
            ? [tenantTag, now.ToUnixTimeMilliseconds()]
            : [tenantTag, now.ToUnixTimeMilliseconds(), (long)pin.Retention.TotalMilliseconds];
        var sealedId = await redis.RunAsync("locate", db => db.EvaluateAsync(LuaScripts.Locate, locateKeys, arguments), cancellationToken);
        return sealedId.IsNull ? null : (byte[]?)sealedId;
    }

    public async Task<VerificationState?> GetStateAsync(VerificationId id, byte[] tenantTag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var f = await redis.RunAsync("state", db => db.HashGetAsync(keys.Record(id.Slot), StateFields), cancellationToken);
        if (!IsLive(f[0], f[4], f[5], id, tenantTag, now))
        {
            return null;
        }

        var remaining = Math.Max(0, (int)f[3] - (int)f[2]);
        const int PiecesFrom = 8;
        return new VerificationState(f[1]!, remaining, remaining == 0, DateTimeOffset.FromUnixTimeMilliseconds((long)f[4]),
            Joined(f.AsSpan(PiecesFrom, MaxTransactionPieces)))
        {
            KeyId = f[6],
            CallingCode = f[7].HasValue ? (string)f[7]! : "unknown",
            SealedUserId = Joined(f.AsSpan(PiecesFrom + MaxTransactionPieces, MaxUserIdPieces)),
            SealedDelivery = Joined(f.AsSpan(PiecesFrom + MaxTransactionPieces + MaxUserIdPieces, MaxDeliveryPieces)),
        };
    }

    /// <summary>A sealed value put back together from its pieces; null when it has none.</summary>
    private static byte[]? Joined(ReadOnlySpan<RedisValue> fields)
    {
        var pieces = new List<byte>();
        foreach (var piece in fields)
        {
            if (!piece.HasValue)
            {
                break;
            }

            pieces.AddRange((byte[])piece!);
        }

        return pieces.Count == 0 ? null : [.. pieces];
    }

    public async Task<bool> CancelAsync(VerificationId id, byte[] tenantTag, CancellationToken cancellationToken)
    {
        var recording = events.For(tenantTag, id.Value, null, time.GetUtcNow());
        var (cancelKeys, cancelArguments) = eventStore.Append([keys.Record(id.Slot)], [id.LookupHash, tenantTag], id.Slot.UserTag, recording);
        var cancelled = (long)await redis.RunAsync("cancel", db => db.EvaluateAsync(LuaScripts.Cancel, cancelKeys, cancelArguments), cancellationToken) == 1;
        if (cancelled && recording is not null)
        {
            // cancel.lua recorded verification.canceled with the removal
            await eventStore.IndexAsync(id.Slot.UserTag, recording, cancellationToken);
        }

        return cancelled;
    }

    public Task AbortAsync(VerificationId id, CancellationToken cancellationToken) =>
        cleanup.RunOrQueueAsync(VerificationUndo, stopping => Abort(id, stopping), cancellationToken);

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(IdempotentRequest request, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await redis.RunAsync("idempotency_claim", db => db.EvaluateAsync(LuaScripts.IdempotencyClaim,
                [keys.Idempotency(request.ScopedKey)], [request.RequestHash, request.ClaimToken, (long)claimTimeout.TotalMilliseconds]), cancellationToken))!;
        }
        catch (Exception e) when (StoreCleanup.MayStillRun(e))
        {
            // A claim written after its request gave up would answer retries "in progress" until it lapses.
            ReleaseIdempotencyKeyLater(request);
            throw;
        }

        return IdempotencyClaimReply.Read(reply);
    }

    public Task CompleteIdempotencyKeyAsync(IdempotentRequest request, byte[] sealedResponse, TimeSpan retention, CancellationToken cancellationToken) =>
        redis.RunAsync("idempotency_complete", db => db.EvaluateAsync(LuaScripts.IdempotencyComplete,
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

    /// <summary>Removes the verification if it is still this id's (the script checks the id hash).</summary>
    private Task<RedisResult> Abort(VerificationId id, CancellationToken cancellationToken) =>
        redis.RunAsync("abort", db => db.EvaluateAsync(LuaScripts.Cancel, [keys.Record(id.Slot)], [id.LookupHash]), cancellationToken);

    private void AbortLater(VerificationId id) => cleanup.Queue(VerificationUndo, stopping => Abort(id, stopping));

    private Task<RedisResult> Release(IdempotentRequest request, CancellationToken cancellationToken) =>
        redis.RunAsync("idempotency_release", db => db.EvaluateAsync(LuaScripts.IdempotencyRelease,
            [keys.Idempotency(request.ScopedKey)], [request.RequestHash, request.ClaimToken]), cancellationToken);

    private static IEnumerable<byte[]> Pieces(byte[] sealedValue) => sealedValue.Chunk(SealedPieceLength);

    private static string TransactionPiece(int index) => Piece("t", index);

    private static string Piece(string prefix, int index) => prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<RedisValue> Pieced(string prefix, int count) => Enumerable.Range(0, count).Select(i => (RedisValue)Piece(prefix, i));

    /// <summary>The record exists, belongs to this handle (not a newer send) and to the caller's tenant, and has not
    /// expired by our clock.</summary>
    private static bool IsLive(RedisValue idh, RedisValue expiresAtMs, RedisValue storedTenantTag, VerificationId id, byte[] tenantTag, DateTimeOffset now) =>
        idh.HasValue && idh == id.LookupHash && storedTenantTag == (RedisValue)tenantTag && (long)expiresAtMs > now.ToUnixTimeMilliseconds();
}
