using System.Security.Cryptography;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Development store: the same semantics as the Redis scripts, held in this process behind one lock.
/// One lock is plenty for a developer's machine and makes every operation trivially atomic. It is refused outside
/// Development because it does not survive a restart and is not shared between replicas.
/// </summary>
/// <param name="failedVerifies">The failed-verify log shared with the TOTP store (one NIST cap per user).</param>
/// <param name="limiter">The in-process limiter, for the limits a start or an attempt must pass first.</param>
internal sealed partial class InMemoryOtpStore(TimeProvider time, InMemoryFailedVerifies failedVerifies, IRateLimiter limiter) : IOtpStore
{
    private const int SweepEvery = 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<VerificationSlot, Record> records = [];
    private readonly Dictionary<string, IdempotencyEntry> idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<(string UserTag, string Name), ReplayEntry> attemptReplays = [];
    private readonly Dictionary<(string UserTag, string Name), PinEntry> pins = [];
    private int operations;

    public async Task<LimitDecision> StartAsync(NewVerification v, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyList<LimitCheck>? limitsFirst = null)
    {
        // Two steps, as with Redis on a cluster; the caller gives the recorded entries back if the start does not stand.
        var decision = limitsFirst is { Count: > 0 }
            ? await limiter.AcquireAsync(limitsFirst, now, cancellationToken)
            : new LimitDecision.Admitted([]);
        if (decision is LimitDecision.Admitted)
        {
            lock (gate)
            {
                SweepNow(now);
                records[v.Id.Slot] = new Record(v);
            }
        }

        return decision;
    }

    public async Task<AttemptOutcome> AttemptAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now,
        CancellationToken cancellationToken, AttemptReplay? replay = null, IReadOnlyList<LimitCheck>? limitsFirst = null)
    {
        // Two steps, as with Redis on a cluster: the limiter's refusal leaves the verification untouched.
        if (limitsFirst is { Count: > 0 } && await limiter.AcquireAsync(limitsFirst, now, cancellationToken) is LimitDecision.Refused refused)
        {
            return new AttemptOutcome.LimitRefused(refused.Limit, refused.RetryAfter);
        }

        return AttemptWithReplay(id, tenantTag, candidates, failureCap, now, replay);
    }

    private AttemptOutcome AttemptWithReplay(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now, AttemptReplay? replay)
    {
        lock (gate)
        {
            if (replay is null)
            {
                return Attempt(id, tenantTag, candidates, failureCap, now);
            }

            // As attempt.lua: a repeat of the key gets the first answer; the first answer (approved, incorrect, locked) is kept.
            var name = (id.Slot.UserTag, replay.Name);
            if (attemptReplays.TryGetValue(name, out var first) && first.ExpiresAt > now)
            {
                return first.RequestHash == replay.RequestHash
                    ? new AttemptOutcome.Replayed(first.Answer)
                    : new AttemptOutcome.IdempotencyKeyReused();
            }

            var outcome = Attempt(id, tenantTag, candidates, failureCap, now);
            if (outcome is AttemptOutcome.Approved or AttemptOutcome.Incorrect or AttemptOutcome.Locked)
            {
                attemptReplays[name] = new ReplayEntry(replay.RequestHash, outcome, now + replay.Retention);
            }

            return outcome;
        }
    }

    private AttemptOutcome Attempt(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now)
    {
        var r = Live(id, tenantTag, now);
        if (r is null)
        {
            return new AttemptOutcome.NotFound();
        }

        if (r.Locked)
        {
            return new AttemptOutcome.Locked();
        }

        var candidate = candidates.FirstOrDefault(c => c.KeyId == r.Data.KeyId);
        if (candidate is null)
        {
            return new AttemptOutcome.UnknownKey(r.Data.KeyId);
        }

        return failedVerifies.Attempt<AttemptOutcome>(id.Slot.UserTag, failureCap, now,
            capped: retryAfter => new AttemptOutcome.FailureCapReached(retryAfter),
            attempt: () => Compare(id, r, candidate, now));
    }

    private AttemptOutcome Compare(VerificationId id, Record r, CodeCandidate candidate, DateTimeOffset now)
    {
        // A userId given with the code must be the one the code was sent for; a mismatch counts like a wrong code.
        // Both comparisons always run (non-short-circuit &), so timing does not tell which of the two failed.
        var codeMatches = CryptographicOperations.FixedTimeEquals(r.Data.CodeHash, candidate.CodeHash);
        var userMatches = candidate.UserBinding is null || CryptographicOperations.FixedTimeEquals(r.Data.UserHash, candidate.UserBinding);
        if (codeMatches & userMatches)
        {
            records.Remove(id.Slot);
            return new AttemptOutcome.Approved(r.Data.KeyId, r.Data.Purpose, r.Data.SealedUserId, r.Data.CallingCode) { Channel = r.Channel };
        }

        failedVerifies.Add(id.Slot.UserTag, now);
        r.Attempts++;
        return new AttemptOutcome.Incorrect(Math.Max(0, r.Data.MaxAttempts - r.Attempts));
    }

    /// <summary>As locate.lua: a repeat under the same Idempotency-Key gets the id the first request found.</summary>
    public Task<byte[]?> LocateAsync(VerificationSlot slot, byte[] tenantTag, DateTimeOffset now, AttemptReplay? pin, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var name = (slot.UserTag, pin?.Name ?? "");
            if (pin is not null && pins.TryGetValue(name, out var pinned) && pinned.ExpiresAt > now)
            {
                return Task.FromResult<byte[]?>(pinned.SealedId);
            }

            if (!records.TryGetValue(slot, out var r) || !CryptographicOperations.FixedTimeEquals(r.Data.TenantTag, tenantTag)
                || r.Data.ExpiresAt <= now || r.Data.SealedId is not { Length: > 0 } sealedId)
            {
                return Task.FromResult<byte[]?>(null);
            }

            if (pin is not null)
            {
                pins[name] = new PinEntry(sealedId, now + pin.Retention);
            }

            return Task.FromResult<byte[]?>(sealedId);
        }
    }

    public Task<VerificationState?> GetStateAsync(VerificationId id, byte[] tenantTag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var r = Live(id, tenantTag, now);
            return Task.FromResult(r is null ? null
                : new VerificationState(r.Data.Purpose, Math.Max(0, r.Data.MaxAttempts - r.Attempts), r.Locked, r.Data.ExpiresAt, r.Data.SealedTransaction)
                {
                    KeyId = r.Data.KeyId,
                    CallingCode = r.Data.CallingCode,
                    SealedUserId = r.Data.SealedUserId,
                    SealedDelivery = r.Data.SealedDelivery,
                });
        }
    }

    public Task<bool> CancelAsync(VerificationId id, byte[] tenantTag, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(RemoveIfCurrent(id, tenantTag));
        }
    }

    public Task AbortAsync(VerificationId id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            RemoveIfCurrent(id, tenantTag: null);
            return Task.CompletedTask;
        }
    }

    /// <summary>Drops whatever verification one user+purpose holds (the warm-up's own users only).</summary>
    public void Forget(VerificationSlot slot)
    {
        lock (gate)
        {
            records.Remove(slot);
        }
    }

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(IdempotentRequest request, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            SweepNow(now);
            if (!idempotency.TryGetValue(request.ScopedKey, out var entry) || entry.ExpiresAt <= now)
            {
                idempotency[request.ScopedKey] = new IdempotencyEntry(request.RequestHash, request.ClaimToken, null, now + claimTimeout);
                return Task.FromResult<IdempotencyClaim>(new IdempotencyClaim.Claimed());
            }

            IdempotencyClaim claim = entry.RequestHash != request.RequestHash ? new IdempotencyClaim.BodyMismatch()
                : entry.Response is null ? new IdempotencyClaim.InProgress()
                : new IdempotencyClaim.Replay(entry.Response);
            return Task.FromResult(claim);
        }
    }

    public Task CompleteIdempotencyKeyAsync(IdempotentRequest request, byte[] sealedResponse, TimeSpan retention, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (IsClaimOf(request, out var entry))
            {
                idempotency[request.ScopedKey] = entry with { Response = sealedResponse, ExpiresAt = time.GetUtcNow() + retention };
            }

            return Task.CompletedTask;
        }
    }

    public Task ReleaseIdempotencyKeyAsync(IdempotentRequest request, CancellationToken cancellationToken)
    {
        ReleaseIdempotencyKeyLater(request);
        return Task.CompletedTask;
    }

    /// <summary>The in-process store never stalls: releasing later is releasing now.</summary>
    public void ReleaseIdempotencyKeyLater(IdempotentRequest request)
    {
        lock (gate)
        {
            if (IsClaimOf(request, out var entry) && entry.Response is null)
            {
                idempotency.Remove(request.ScopedKey);
            }
        }
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>The record for this handle if it is still the live one, the tenant's own and unexpired; an expired one
    /// is dropped (but never on another tenant's behalf: to a stranger the record is simply not there).</summary>
    private Record? Live(VerificationId id, byte[] tenantTag, DateTimeOffset now)
    {
        if (!records.TryGetValue(id.Slot, out var r) || !r.Belongs(id, tenantTag))
        {
            return null;
        }

        if (r.Data.ExpiresAt <= now)
        {
            records.Remove(id.Slot);
            return null;
        }

        return r;
    }

    /// <summary>The record under the request's key is this request's claim: same body, same token.</summary>
    private bool IsClaimOf(IdempotentRequest request, out IdempotencyEntry entry) =>
        idempotency.TryGetValue(request.ScopedKey, out entry!) && entry.RequestHash == request.RequestHash && entry.Token == request.ClaimToken;

    /// <param name="tenantTag">Null only when undoing our own just-made start.</param>
    private bool RemoveIfCurrent(VerificationId id, byte[]? tenantTag) =>
        records.TryGetValue(id.Slot, out var r) && (tenantTag is null ? r.Data.Id.LookupHash == id.LookupHash : r.Belongs(id, tenantTag))
        && records.Remove(id.Slot);

    /// <summary>Drops expired entries now and then, as Redis's own expiry would, so memory stays bounded.</summary>
    private void SweepNow(DateTimeOffset now)
    {
        if (++operations % SweepEvery != 0)
        {
            return;
        }

        foreach (var (slot, r) in records.Where(kv => kv.Value.Data.ExpiresAt <= now).ToList())
        {
            records.Remove(slot);
        }

        foreach (var (key, _) in idempotency.Where(kv => kv.Value.ExpiresAt <= now).ToList())
        {
            idempotency.Remove(key);
        }

        foreach (var (name, _) in attemptReplays.Where(kv => kv.Value.ExpiresAt <= now).ToList())
        {
            attemptReplays.Remove(name);
        }

        foreach (var (name, _) in pins.Where(kv => kv.Value.ExpiresAt <= now).ToList())
        {
            pins.Remove(name);
        }

        SweepDeliveries(now);
    }

    private sealed class Record(NewVerification data)
    {
        public NewVerification Data { get; } = data;

        public int Attempts { get; set; }

        public bool Locked => Attempts >= Data.MaxAttempts;

        public string IdHash => Data.Id.LookupHash;

        /// <summary>The channel of the code's latest delivery (the tracker sets it): the conversion metric's label.</summary>
        public string Channel { get; set; } = Channels.ChannelNames.Sms;

        /// <summary>This handle's record (not a newer send's), issued to this tenant.</summary>
        public bool Belongs(VerificationId id, byte[] tenantTag) =>
            Data.Id.LookupHash == id.LookupHash && CryptographicOperations.FixedTimeEquals(Data.TenantTag, tenantTag);
    }

    private sealed record IdempotencyEntry(string RequestHash, string Token, byte[]? Response, DateTimeOffset ExpiresAt);

    private sealed record ReplayEntry(string RequestHash, AttemptOutcome Answer, DateTimeOffset ExpiresAt);

    private sealed record PinEntry(byte[] SealedId, DateTimeOffset ExpiresAt);
}
