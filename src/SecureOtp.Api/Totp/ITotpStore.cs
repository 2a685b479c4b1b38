using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Totp;

/// <summary>
/// Where each user's authenticator enrolment lives: Redis for every real deployment, in-process for Development, the same
/// semantics in both. A user's keys share the hash tag of their SMS keys, so the failed-verify cap is one log for both
/// factors. Every check that decides an answer (lock, replay, attempt count, cap, recovery code) happens in one atomic
/// step. Failures to reach the store surface as <see cref="Errors.StoreUnavailableException"/>.
/// </summary>
internal interface ITotpStore
{
    /// <summary>Stores a pending enrolment, replacing a pending one (and its recovery codes); refused while one is active,
    /// and when the user is not yet among the tenant's enrolments and the tenant already holds
    /// <see cref="NewTotpEnrollment.MaxPerTenant"/> (active ones, and pending ones until they expire).</summary>
    Task<TotpEnrollResult> EnrollAsync(TotpUser user, NewTotpEnrollment enrollment, CancellationToken cancellationToken);

    /// <summary>The user's enrolment, or null when there is none (or it expired while pending).</summary>
    Task<TotpRecord?> GetAsync(TotpUser user, CancellationToken cancellationToken);

    /// <summary>One confirm, verify or recover, all or nothing: lock, failure cap, replay, count, approve.</summary>
    Task<TotpAttemptOutcome> AttemptAsync(TotpUser user, TotpAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Removes the enrolment and its recovery codes (and its place among the tenant's enrolments). Idempotent.</summary>
    Task DeleteAsync(TotpUser user, CancellationToken cancellationToken);
}

/// <summary>A pending enrolment as stored: the secret only sealed (under <paramref name="KeyId"/>), and
/// <paramref name="EnrollmentId"/>, random, which names this secret so an attempt checked against it can tell whether
/// it was replaced meanwhile. <paramref name="MaxPerTenant"/>: the most enrolments the user's tenant may hold (0: no cap).</summary>
internal sealed record NewTotpEnrollment(string EnrollmentId, string KeyId, byte[] SealedSecret, DateTimeOffset CreatedAt, TimeSpan PendingTtl, int MaxPerTenant = 0);

internal enum TotpEnrollResult
{
    /// <summary>Stored, pending its confirming code.</summary>
    Stored,

    /// <summary>The user has an active enrolment: nothing stored.</summary>
    AlreadyActive,

    /// <summary>The tenant holds <see cref="NewTotpEnrollment.MaxPerTenant"/> enrolments already: nothing stored.</summary>
    TenantFull,
}

internal sealed record TotpRecord(bool Active, string EnrollmentId, string KeyId, byte[] SealedSecret, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

internal enum TotpAttemptKind
{
    /// <summary>The first code of a pending enrolment: activates it and stores the recovery codes' hashes.</summary>
    Confirm,

    Verify,

    /// <summary>A recovery code instead of a TOTP code: spent if it is one of the user's.</summary>
    Recover,
}

/// <summary>
/// One attempt as the store sees it. For confirm and verify the service has already opened the secret of
/// <paramref name="EnrollmentId"/> and found which time steps the code matches (<paramref name="MatchedSteps"/>, usually
/// none or one): whether one of them is still unused is the store's atomic decision. For recover,
/// <paramref name="RecoveryCodeHash"/> is the presented code's keyed hash. For confirm, <paramref name="NewRecoveryCodeHashes"/>
/// are kept only if it succeeds.
/// </summary>
internal sealed record TotpAttempt(
    TotpAttemptKind Kind,
    string? EnrollmentId,
    long[] MatchedSteps,
    byte[]? RecoveryCodeHash,
    IReadOnlyList<byte[]> NewRecoveryCodeHashes,
    int MaxAttempts,
    TimeSpan LockDuration,
    FailureCap FailureCap,
    DateTimeOffset Now);

internal abstract record TotpAttemptOutcome
{
    /// <param name="RecoveryCodesRemaining">After a recover: the user's unspent codes; after a confirm: the codes stored.</param>
    public sealed record Approved(int RecoveryCodesRemaining) : TotpAttemptOutcome;

    public sealed record Incorrect(int AttemptsRemaining) : TotpAttemptOutcome;

    /// <summary>A right code of a time step already accepted (or older than one): a replay. Not counted as a failure.</summary>
    public sealed record AlreadyUsed : TotpAttemptOutcome;

    public sealed record Locked(TimeSpan RetryAfter) : TotpAttemptOutcome;

    public sealed record FailureCapReached(TimeSpan RetryAfter) : TotpAttemptOutcome;

    /// <summary>No enrolment, or not in the state the attempt needs (verify and recover need an active one).</summary>
    public sealed record NotEnrolled : TotpAttemptOutcome;

    /// <summary>Confirm of an enrolment that is already active.</summary>
    public sealed record AlreadyActive : TotpAttemptOutcome;

    /// <summary>The enrolment was replaced after the service read it: the steps were computed from another secret.</summary>
    public sealed record Stale : TotpAttemptOutcome;

    /// <summary>The client's budget for this kind of attempt is spent: nothing was checked, counted or stored.</summary>
    public sealed record LimitRefused(string Limit, TimeSpan RetryAfter) : TotpAttemptOutcome;
}
