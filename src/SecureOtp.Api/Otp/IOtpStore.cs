using SecureOtp.Api.Risk.Limits;


namespace SecureOtp.Api.Otp;

/// <summary>
/// Where live verifications and idempotency records are kept. Two implementations — Redis for every real
/// deployment, in-process for Development — pass one conformance suite, so they cannot drift apart.
/// Every operation that changes a verification is atomic; every record expires on its own.
/// Failures to reach the store surface as <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IOtpStore
{
    /// <summary>Stores a new verification for its user+purpose, replacing (so cancelling) the previous one, once the
    /// send's limits admit it.</summary>
    /// <param name="limitsFirst">The send's limits (its resend cooldowns among them), checked and recorded first as
    /// <see cref="IRateLimiter.AcquireAsync"/> does, in the same round trip where the store can. The answer is the limits'
    /// decision: refused, nothing is stored; admitted, it names the entries recorded, which <see cref="SendReservation"/>
    /// gives back if the send fails.</param>
    Task<LimitDecision> StartAsync(NewVerification verification, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyList<LimitCheck>? limitsFirst = null);

    /// <summary>Atomically, in one step: pick the candidate hashed under the verification's key id, compare it (and the
    /// user binding when the caller named a user), count the attempt, lock at the limit, consume on success.
    /// A verification of another tenant is not found: nothing is compared, counted or changed.</summary>
    /// <param name="tenantTag">The calling tenant's tag; it must be the one the verification was issued to.</param>
    /// <param name="candidates">The presented code hashed under every configured key: the store, not the service, knows
    /// which key the code was issued under, and asking it first would cost a round trip per verify.</param>
    /// <param name="failureCap">The most failed verifies one user may have in a sliding window (NIST: 100 a day).</param>
    /// <param name="replay">With an Idempotency-Key: the first answer under this key is kept with the attempt, atomically,
    /// and a repeat gets it back without a second attempt (a caller answered 503 while Redis ran the attempt can retry).</param>
    /// <param name="limitsFirst">Limits the attempt must pass first (the per-IP verify budget), checked and recorded as
    /// <see cref="IRateLimiter.AcquireAsync"/> does; a refusal is <see cref="AttemptOutcome.LimitRefused"/> and nothing is
    /// attempted. Where the store can, it does both in the attempt's own round trip.</param>
    Task<AttemptOutcome> AttemptAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now, CancellationToken cancellationToken,
        AttemptReplay? replay = null, IReadOnlyList<LimitCheck>? limitsFirst = null);

    /// <summary>Verify by user's first step: the sealed id of the live verification in <paramref name="slot"/> (one user's
    /// one purpose), or null when there is none, it expired or it is another tenant's.</summary>
    /// <param name="pin">With an Idempotency-Key: the name of the attempt's replay record. The id found first is pinned in
    /// it (for the replay's retention) and returned to every repeat, so a repeat replays the first answer even after the
    /// approval consumed the record or a resend replaced it.</param>
    Task<byte[]?> LocateAsync(VerificationSlot slot, byte[] tenantTag, DateTimeOffset now, AttemptReplay? pin, CancellationToken cancellationToken);

    /// <summary>The verification's state, or null when it is not live or belongs to another tenant.</summary>
    Task<VerificationState?> GetStateAsync(VerificationId id, byte[] tenantTag, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the verification if it is still the live one and the tenant's own. Idempotent.</summary>
    /// <returns>Whether this call removed it: false when it was already gone, replaced by a newer send, or another tenant's.</returns>
    Task<bool> CancelAsync(VerificationId id, byte[] tenantTag, CancellationToken cancellationToken);

    /// <summary>Undoes a start whose code could not be delivered: the code goes (its cooldown entries are the rate
    /// limiter's, given back with the send's other limit entries).</summary>
    Task AbortAsync(VerificationId id, CancellationToken cancellationToken);

    /// <summary>The first send with an Idempotency-Key claims it for <paramref name="claimTimeout"/>; a repeat gets the sealed first answer.</summary>
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(IdempotentRequest request, TimeSpan claimTimeout, CancellationToken cancellationToken);

    /// <summary>Keeps the sealed answer for repeats; only the claimant (its token) can.</summary>
    Task CompleteIdempotencyKeyAsync(IdempotentRequest request, byte[] sealedResponse, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Gives up exactly this request's claim (its token), so a retry runs again.</summary>
    Task ReleaseIdempotencyKeyAsync(IdempotentRequest request, CancellationToken cancellationToken);

    /// <summary>As <see cref="ReleaseIdempotencyKeyAsync"/>, in the background: for a request the store already failed.</summary>
    void ReleaseIdempotencyKeyLater(IdempotentRequest request);

    /// <summary>True when the store answers; used by readiness.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>A verification as stored: only hashes (<paramref name="TenantTag"/> names its issuing tenant), a sealed user
/// id, counters and times. <paramref name="CallingCode"/> is the destination's country calling code as a metric label
/// (never the number): an approval counts towards conversion by country. <paramref name="SealedId"/> is the id itself, sealed
/// (<see cref="SealedVerificationId"/>), for verify by user; empty only where a test leaves it out. <paramref name="SealedTransaction"/>
/// is the payment the code is bound to, sealed (<c>TransactionSeal</c>), kept for the status read; null when there is none.</summary>
internal sealed record NewVerification(
    VerificationId Id,
    string KeyId,
    byte[] CodeHash,
    byte[] UserHash,
    byte[] TenantTag,
    string Purpose,
    byte[] SealedUserId,
    int MaxAttempts,
    DateTimeOffset ExpiresAt,
    string CallingCode = "unknown",
    byte[]? SealedId = null,
    byte[]? SealedTransaction = null)
{
    /// <summary>The code and its destination sealed (<see cref="SealedDelivery"/>, under <see cref="KeyId"/>'s key), so
    /// <c>/resend</c> and fallback can deliver it again; null only where a test leaves it out.</summary>
    public byte[]? SealedDelivery { get; init; }
}

/// <summary>
/// A send's Idempotency-Key as the store keeps it: <paramref name="ScopedKey"/>, a keyed hash of client + key (the record's
/// name); <paramref name="RequestHash"/>, a keyed hash of the body; <paramref name="ClaimToken"/>, random per request, so
/// completing or releasing a claim touches exactly this request's claim.
/// </summary>
internal sealed record IdempotentRequest(string ScopedKey, string RequestHash, string ClaimToken);

/// <summary>A verify's Idempotency-Key: the name of its record (under the user's hash tag), a keyed hash of the body, and
/// how long the first answer is kept.</summary>
internal sealed record AttemptReplay(string Name, string RequestHash, TimeSpan Retention);

/// <summary>A presented code hashed under one key; <paramref name="UserBinding"/> is null when the request named no user.</summary>
internal sealed record CodeCandidate(string KeyId, byte[] CodeHash, byte[]? UserBinding);

/// <summary>A live verification as status reads it; <paramref name="SealedTransaction"/> as stored, null when it has none.</summary>
internal sealed record VerificationState(string Purpose, int AttemptsRemaining, bool Locked, DateTimeOffset ExpiresAt, byte[]? SealedTransaction = null)
{
    /// <summary>The record's code key id: the key <see cref="SealedUserId"/> and <see cref="SealedDelivery"/> open under.</summary>
    public string? KeyId { get; init; }

    public byte[]? SealedUserId { get; init; }

    /// <summary>The sealed <see cref="CodeDelivery"/>; null for a record stored before codes were kept deliverable.</summary>
    public byte[]? SealedDelivery { get; init; }

    /// <summary>The destination's calling-code label the record was stored with.</summary>
    public string CallingCode { get; init; } = "unknown";
}

internal abstract record AttemptOutcome
{
    /// <param name="CallingCode">The destination's calling code label the verification was stored with.</param>
    public sealed record Approved(string KeyId, string Purpose, byte[] SealedUserId, string CallingCode = "unknown") : AttemptOutcome
    {
        /// <summary>The channel that delivered the code the user typed (its latest delivery): conversion per channel.</summary>
        public string Channel { get; init; } = Channels.ChannelNames.Sms;
    }

    public sealed record Incorrect(int AttemptsRemaining) : AttemptOutcome;

    public sealed record Locked : AttemptOutcome;

    public sealed record FailureCapReached(TimeSpan RetryAfter) : AttemptOutcome;

    public sealed record NotFound : AttemptOutcome;

    /// <summary>The verification was issued under a key id that is no longer configured: it can never be verified.</summary>
    public sealed record UnknownKey(string KeyId) : AttemptOutcome;

    /// <summary>The first answer to this Idempotency-Key, given again; nothing was checked or counted this time.</summary>
    public sealed record Replayed(AttemptOutcome First) : AttemptOutcome;

    /// <summary>The Idempotency-Key was first used with another code or user id; nothing was checked or counted.</summary>
    public sealed record IdempotencyKeyReused : AttemptOutcome;

    /// <summary>One of the limits to pass first refused: nothing was attempted or counted.</summary>
    public sealed record LimitRefused(string Limit, TimeSpan RetryAfter) : AttemptOutcome;
}

internal abstract record IdempotencyClaim
{
    /// <summary>First use of the key: the caller owns it until it completes or releases it.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>The first answer, as sealed by the request that gave it.</summary>
    public sealed record Replay(byte[] SealedResponse) : IdempotencyClaim;

    public sealed record InProgress : IdempotencyClaim;

    public sealed record BodyMismatch : IdempotencyClaim;
}
