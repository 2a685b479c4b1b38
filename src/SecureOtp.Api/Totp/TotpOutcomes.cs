using SecureOtp.Api.Errors;

namespace SecureOtp.Api.Totp;

/// <summary>The answers of <c>POST /totp/enroll</c>; <see cref="TotpOutcomeTables.Enroll"/> names each.</summary>
internal enum TotpEnrollOutcomeKind
{
    Enrolled,
    ValidationFailed,
    AlreadyEnrolled,
    EnrolmentLimitReached,
    RateLimited,
    StoreUnavailable,
}

/// <summary>The answers of <c>POST /totp/confirm</c>.</summary>
internal enum TotpConfirmOutcomeKind
{
    Activated,
    ValidationFailed,
    IncorrectCode,
    NotEnrolled,
    AlreadyEnrolled,
    Locked,
    RateLimited,
    StoreUnavailable,
}

/// <summary>The answers of <c>POST /totp/verify</c>.</summary>
internal enum TotpVerifyOutcomeKind
{
    Approved,
    ValidationFailed,
    IncorrectCode,
    CodeAlreadyUsed,
    NotEnrolled,
    Locked,
    RateLimited,
    StoreUnavailable,
}

/// <summary>The answers of <c>POST /totp/recover</c>.</summary>
internal enum TotpRecoverOutcomeKind
{
    Approved,
    ValidationFailed,
    IncorrectCode,
    NotEnrolled,
    Locked,
    RateLimited,
    StoreUnavailable,
}

/// <summary>The answers of <c>GET /totp/{userId}</c>.</summary>
internal enum TotpStatusOutcomeKind
{
    Found,
    ValidationFailed,
    NotEnrolled,
    StoreUnavailable,
}

/// <summary>The answers of <c>DELETE /totp/{userId}</c> (idempotent: no enrolment is deleted too).</summary>
internal enum TotpDeleteOutcomeKind
{
    Deleted,
    ValidationFailed,
    RateLimited,
    StoreUnavailable,
}

/// <summary>
/// How a <see cref="TotpService"/> operation ended, shaped as the SMS factor's outcomes: its <see cref="Kind"/> picks the
/// row of the endpoint's outcome table, and each refusal carries what its problem type answers.
/// </summary>
internal abstract record TotpOutcome<TKind, TBody>(TKind Kind)
    where TKind : struct, Enum
    where TBody : class
{
    public sealed record Success(TKind Kind, TBody Body) : TotpOutcome<TKind, TBody>(Kind);

    public sealed record Incorrect(TKind Kind, int AttemptsRemaining) : TotpOutcome<TKind, TBody>(Kind), IIncorrectCode;

    public sealed record Locked(TKind Kind, TimeSpan RetryAfter) : TotpOutcome<TKind, TBody>(Kind), IRetryLater;

    /// <param name="Limit">The client's budget that refused, or <see cref="Risk.Limits.FailureCap.Name"/>.</param>
    public sealed record RateLimited(TKind Kind, string Limit, TimeSpan RetryAfter) : TotpOutcome<TKind, TBody>(Kind), IRateLimited;

    /// <summary>A refusal that carries nothing beyond its row (not enrolled, already enrolled, a replayed code...).</summary>
    public sealed record Refused(TKind Kind) : TotpOutcome<TKind, TBody>(Kind);
}
