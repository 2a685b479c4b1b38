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
/// How a <see cref="TotpService"/> operation ended: its <see cref="Kind"/> picks the row of the endpoint's outcome table;
/// <see cref="Body"/> is the success answer; <see cref="AttemptsRemaining"/> goes with <c>incorrect_code</c> and
/// <see cref="RetryAfter"/> with a lock or a limit; <see cref="Limit"/> names the limit of a <c>rate_limited</c> (null: the
/// failed-verify cap).
/// </summary>
internal sealed record TotpOutcome<TKind, TBody>(TKind Kind, TBody? Body = null, int AttemptsRemaining = 0, TimeSpan RetryAfter = default, string? Limit = null)
    where TKind : struct, Enum
    where TBody : class;
