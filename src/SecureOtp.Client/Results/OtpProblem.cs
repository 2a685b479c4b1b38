namespace SecureOtp.Client;

/// <summary>
/// An expected refusal by the service, one subclass per problem <c>type</c> of the API (docs/api.md, "Problem types").
/// <see cref="Type"/>, <see cref="Status"/> and <see cref="Title"/> are the problem document's own fields.
/// </summary>
public abstract class OtpProblem
{
    /// <summary>Creates a problem from the document's fields.</summary>
    protected OtpProblem(string type, int status, string? title)
    {
        Type = type;
        Status = status;
        Title = title ?? type;
    }

    /// <summary>The problem's stable <c>type</c> slug (e.g. <c>incorrect_code</c>).</summary>
    public string Type { get; }

    /// <summary>The HTTP status the service answered.</summary>
    public int Status { get; }

    /// <summary>The problem's human-readable title (English, not for end users).</summary>
    public string Title { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Status} {Type}";
}

/// <summary>A problem the service asks to wait out: <see cref="RetryAfter"/> is its <c>Retry-After</c>, when given.</summary>
public abstract class WaitingProblem : OtpProblem
{
    /// <summary>Creates the problem.</summary>
    protected WaitingProblem(string type, int status, string? title, TimeSpan? retryAfter)
        : base(type, status, title) => RetryAfter = retryAfter;

    /// <summary>How long to wait before trying again, when the service said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary><c>400 validation_failed</c>: a field broke its rule; nothing was counted or stored.</summary>
public sealed class ValidationFailed(int status, string? title, IReadOnlyDictionary<string, string[]> errors)
    : OtpProblem(ProblemTypes.ValidationFailed, status, title)
{
    /// <summary>Field name → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary><c>400 incorrect_code</c>: a wrong code (SMS or authenticator).</summary>
public sealed class IncorrectCode(int status, string? title, int? attemptsRemaining)
    : OtpProblem(ProblemTypes.IncorrectCode, status, title)
{
    /// <summary>Wrong codes still allowed before the verification (or authenticator) locks.</summary>
    public int? AttemptsRemaining { get; } = attemptsRemaining;
}

/// <summary><c>404 verification_not_found</c>: unknown, expired, already used or cancelled (indistinguishable on purpose).</summary>
public sealed class NotFound(int status, string? title) : OtpProblem(ProblemTypes.VerificationNotFound, status, title);

/// <summary><c>410 verification_locked</c>: too many wrong codes; the right one no longer works (TOTP: until <see cref="WaitingProblem.RetryAfter"/>).</summary>
public sealed class Locked(int status, string? title, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.VerificationLocked, status, title, retryAfter);

/// <summary><c>429 resend_too_soon</c>: within the resend cooldown; the previous code still works.</summary>
public sealed class ResendTooSoon(int status, string? title, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.ResendTooSoon, status, title, retryAfter);

/// <summary><c>429 rate_limited</c>: a limit refused; <see cref="Limit"/> names it.</summary>
public sealed class RateLimited(int status, string? title, string? limit, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.RateLimited, status, title, retryAfter)
{
    /// <summary>The limit's name, e.g. <c>phone_per_hour</c> or <c>user_failed_verifies_per_day</c>.</summary>
    public string? Limit { get; } = limit;
}

/// <summary><c>422 idempotency_key_reused</c>: the Idempotency-Key was first used with another body.</summary>
public sealed class IdempotencyKeyReused(int status, string? title) : OtpProblem(ProblemTypes.IdempotencyKeyReused, status, title);

/// <summary><c>409 idempotency_in_progress</c>: a request with this Idempotency-Key is still being processed (left after the client's retries).</summary>
public sealed class IdempotencyInProgress(int status, string? title, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.IdempotencyInProgress, status, title, retryAfter);

/// <summary><c>503 sms_unavailable</c>: no provider took the text; no live code is left.</summary>
public sealed class SmsUnavailable(int status, string? title, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.SmsUnavailable, status, title, retryAfter);

/// <summary><c>422 destination_unreachable</c>: the number itself cannot receive the code (barred, not a mobile, opted out).</summary>
public sealed class DestinationUnreachable(int status, string? title) : OtpProblem(ProblemTypes.DestinationUnreachable, status, title);

/// <summary><c>403 destination_not_allowed</c>: the country, range or number type may not be texted.</summary>
public sealed class DestinationNotAllowed(int status, string? title) : OtpProblem(ProblemTypes.DestinationNotAllowed, status, title);

/// <summary><c>422 sim_swap_detected</c>: the SIM was swapped recently and the policy blocks the send.</summary>
public sealed class SimSwapDetected(int status, string? title) : OtpProblem(ProblemTypes.SimSwapDetected, status, title);

/// <summary><c>503 sim_swap_check_unavailable</c>: the SIM-swap check failed and the policy is fail-closed.</summary>
public sealed class SimSwapCheckUnavailable(int status, string? title, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.SimSwapCheckUnavailable, status, title, retryAfter);

/// <summary><c>503 store_unavailable</c>: the service's store did not answer (left after the client's safe retries).</summary>
public sealed class StoreUnavailable(int status, string? title, TimeSpan? retryAfter)
    : WaitingProblem(ProblemTypes.StoreUnavailable, status, title, retryAfter);

/// <summary><c>404 not_enrolled</c>: the user has no (confirmed, for verify and recover) authenticator enrolment.</summary>
public sealed class NotEnrolled(int status, string? title) : OtpProblem(ProblemTypes.NotEnrolled, status, title);

/// <summary><c>409 already_enrolled</c>: the user already has an active authenticator; delete it first.</summary>
public sealed class AlreadyEnrolled(int status, string? title) : OtpProblem(ProblemTypes.AlreadyEnrolled, status, title);

/// <summary><c>409 code_already_used</c>: an authenticator code of this (or a later) time step was already accepted.</summary>
public sealed class AlreadyUsed(int status, string? title) : OtpProblem(ProblemTypes.CodeAlreadyUsed, status, title);

/// <summary><c>409 enrolment_limit_reached</c>: the tenant holds as many authenticator enrolments as allowed.</summary>
public sealed class EnrolmentLimitReached(int status, string? title) : OtpProblem(ProblemTypes.EnrolmentLimitReached, status, title);

/// <summary>
/// A 4xx problem whose <c>type</c> this version of the client does not know (a newer service, e.g. a resend of a
/// verification that is no longer pending): the application decides, the client does not guess.
/// </summary>
public sealed class UnrecognizedProblem(string type, int status, string? title) : OtpProblem(type, status, title);
