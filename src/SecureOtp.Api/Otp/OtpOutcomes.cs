using SecureOtp.Api.Errors;

namespace SecureOtp.Api.Otp;

/// <summary>Every answer <c>POST /otp/send</c> can give from its handler; <see cref="OtpOutcomeTables.Send"/> names each.</summary>
internal enum SendOutcomeKind
{
    Sent,
    Replayed,
    ValidationFailed,
    DestinationNotAllowed,
    IdempotencyKeyReused,
    IdempotencyInProgress,
    RateLimited,
    ResendTooSoon,
    SimSwapDetected,
    SimSwapCheckUnavailable,
    DestinationUnreachable,
    SmsUnavailable,
    StoreUnavailable,
}

/// <summary>Every answer <c>POST /otp/verify</c> can give from its handler; <see cref="OtpOutcomeTables.Verify"/> names each.</summary>
internal enum VerifyOutcomeKind
{
    Approved,
    ValidationFailed,
    IncorrectCode,
    NotFound,
    Locked,
    IdempotencyKeyReused,
    RateLimited,
    StoreUnavailable,
}

/// <summary>The answers of <c>GET /otp/{verificationId}</c>.</summary>
internal enum StatusOutcomeKind
{
    Found,
    ValidationFailed,
    NotFound,
    StoreUnavailable,
}

/// <summary>The answers of <c>DELETE /otp/{verificationId}</c> (idempotent: an unknown id is cancelled too).</summary>
internal enum CancelOutcomeKind
{
    Cancelled,
    ValidationFailed,
    RateLimited,
    StoreUnavailable,
}

/// <summary>Every way the send service can end; its <see cref="Kind"/> picks the row of <see cref="OtpOutcomeTables.Send"/>.</summary>
internal abstract record SendOutcome(SendOutcomeKind Kind)
{
    /// <param name="Replayed">The first answer to an Idempotency-Key, returned again; nothing was sent this time.</param>
    public sealed record Sent(SendOtpResponse Response, bool Replayed = false)
        : SendOutcome(Replayed ? SendOutcomeKind.Replayed : SendOutcomeKind.Sent);

    public sealed record ResendTooSoon(TimeSpan RetryAfter) : SendOutcome(SendOutcomeKind.ResendTooSoon), IRetryLater;

    public sealed record SmsUnavailable(TimeSpan RetryAfter) : SendOutcome(SendOutcomeKind.SmsUnavailable), IRetryLater;

    public sealed record DestinationUnreachable() : SendOutcome(SendOutcomeKind.DestinationUnreachable);

    /// <param name="Rule">Which geo setting refused it (<see cref="Risk.Geo.GeoPermissions.Refusal"/>), for the audit line.</param>
    public sealed record DestinationNotAllowed(string Rule) : SendOutcome(SendOutcomeKind.DestinationNotAllowed);

    public sealed record SimSwapDetected() : SendOutcome(SendOutcomeKind.SimSwapDetected);

    /// <summary>The SIM-swap provider could not answer and the policy is fail-closed.</summary>
    public sealed record RiskCheckUnavailable() : SendOutcome(SendOutcomeKind.SimSwapCheckUnavailable), IRetryLater
    {
        /// <summary>The provider's circuit or a retry may answer by then; no provider wait is known to pass on.</summary>
        public TimeSpan RetryAfter => TimeSpan.FromSeconds(5);
    }

    public sealed record RateLimited(string Limit, TimeSpan RetryAfter) : SendOutcome(SendOutcomeKind.RateLimited), IRetryLater;

    public sealed record IdempotencyKeyReused() : SendOutcome(SendOutcomeKind.IdempotencyKeyReused);

    public sealed record IdempotencyInProgress() : SendOutcome(SendOutcomeKind.IdempotencyInProgress);
}

/// <summary>Every way the verify service can end; its <see cref="Kind"/> picks the row of <see cref="OtpOutcomeTables.Verify"/>.</summary>
internal abstract record VerifyOutcome(VerifyOutcomeKind Kind)
{
    /// <summary>The first answer to an Idempotency-Key, given again: nothing was checked or counted this time.</summary>
    public bool Replayed { get; init; }

    public sealed record Approved(VerifyOtpResponse Response) : VerifyOutcome(VerifyOutcomeKind.Approved);

    public sealed record Incorrect(int AttemptsRemaining) : VerifyOutcome(VerifyOutcomeKind.IncorrectCode), IIncorrectCode;

    public sealed record Locked() : VerifyOutcome(VerifyOutcomeKind.Locked);

    /// <param name="ByLimiter">Refused by a request limit (the per-IP budget) before anything was attempted, rather than
    /// by the user's failure cap.</param>
    public sealed record RateLimited(string Limit, TimeSpan RetryAfter, bool ByLimiter = false) : VerifyOutcome(VerifyOutcomeKind.RateLimited), IRateLimited;

    public sealed record NotFound() : VerifyOutcome(VerifyOutcomeKind.NotFound);

    public sealed record IdempotencyKeyReused() : VerifyOutcome(VerifyOutcomeKind.IdempotencyKeyReused);
}

/// <summary>The answers of <c>POST /otp/{verificationId}/resend</c>; <see cref="OtpOutcomeTables.Resend"/> names each.</summary>
internal enum ResendOutcomeKind
{
    Sent,
    ValidationFailed,
    NotFound,
    NotPending,
    RateLimited,
    ResendTooSoon,
    DestinationUnreachable,
    SmsUnavailable,
    StoreUnavailable,
}

/// <summary>Every way a resend can end: its own answers, or a send's refusal (a limit, the channel's provider).</summary>
internal abstract record ResendOutcome(ResendOutcomeKind Kind)
{
    public sealed record Sent(ResendOtpResponse Response) : ResendOutcome(ResendOutcomeKind.Sent);

    public sealed record NotFound() : ResendOutcome(ResendOutcomeKind.NotFound);

    /// <summary>Locked, or a record that cannot deliver its code again.</summary>
    public sealed record NotPending() : ResendOutcome(ResendOutcomeKind.NotPending);

    public sealed record Refused(SendOutcome Send) : ResendOutcome(Send.Kind switch
    {
        SendOutcomeKind.RateLimited => ResendOutcomeKind.RateLimited,
        SendOutcomeKind.ResendTooSoon => ResendOutcomeKind.ResendTooSoon,
        SendOutcomeKind.DestinationUnreachable => ResendOutcomeKind.DestinationUnreachable,
        _ => ResendOutcomeKind.SmsUnavailable,
    });
}
