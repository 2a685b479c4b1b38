using SecureOtp.Api.Errors;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Each outcome of the <c>/otp</c> endpoints, named once: status, problem slug and title, the <c>outcome</c> label of
/// <c>secureotp.send.requests</c> / <c>secureotp.verify.requests</c> (the dashboard and alert rules match these labels),
/// and the send audit line's result word. <see cref="OtpApi"/> answers from here and documents every row in OpenAPI.
/// </summary>
internal static class OtpOutcomeTables
{
    /// <summary>The <c>outcome</c> label of a first answer given again for its Idempotency-Key, whatever that answer was.</summary>
    public const string ReplayLabel = "idempotent_replay";

    // Declared before the tables that share it: static fields initialise in textual order.
    private static readonly ProblemKind NotFoundProblem = new(Status404NotFound, ProblemTypes.VerificationNotFound,
        "The verification does not exist, has expired, was already used or was cancelled.");

    public static readonly OutcomeTable<SendOutcomeKind> Send = new(new Dictionary<SendOutcomeKind, OutcomeInfo>
    {
        [SendOutcomeKind.Sent] = OutcomeInfo.Success(Status202Accepted, "sent", audit: "sent"),
        [SendOutcomeKind.Replayed] = OutcomeInfo.Success(Status202Accepted, ReplayLabel),
        [SendOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [SendOutcomeKind.DestinationNotAllowed] = OutcomeInfo.Refusal(Status403Forbidden, ProblemTypes.DestinationNotAllowed,
            "Texts to this country or number range are not permitted.", "destination_not_allowed", audit: "refused"),
        [SendOutcomeKind.IdempotencyKeyReused] = OutcomeInfo.Refusal(Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            "This Idempotency-Key was already used with a different request body.", "idempotency_key_reused"),
        [SendOutcomeKind.IdempotencyInProgress] = OutcomeInfo.Refusal(Status409Conflict, ProblemTypes.IdempotencyInProgress,
            "A request with this Idempotency-Key is still being processed.", "idempotency_in_progress"),
        [SendOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited"),
        [SendOutcomeKind.ResendTooSoon] = OutcomeInfo.Refusal(Status429TooManyRequests, ProblemTypes.ResendTooSoon,
            "A code was sent moments ago; wait before asking for another.", "resend_too_soon", audit: "refused"),
        [SendOutcomeKind.SimSwapDetected] = OutcomeInfo.Refusal(Status422UnprocessableEntity, ProblemTypes.SimSwapDetected,
            "The number's SIM card was changed recently; no code was sent. Verify the user another way.", "sim_swap_detected", audit: "refused"),
        [SendOutcomeKind.SimSwapCheckUnavailable] = OutcomeInfo.Refusal(Status503ServiceUnavailable, ProblemTypes.SimSwapCheckUnavailable,
            "The SIM-swap check is unavailable and the policy refuses to send without it.", "sim_swap_check_unavailable", audit: "refused"),
        [SendOutcomeKind.DestinationUnreachable] = OutcomeInfo.Refusal(Status422UnprocessableEntity, ProblemTypes.DestinationUnreachable,
            "The phone number cannot receive text messages (barred, de-activated or not allowed).", "destination_unreachable", audit: "failed"),
        [SendOutcomeKind.SmsUnavailable] = OutcomeInfo.Refusal(Status503ServiceUnavailable, ProblemTypes.SmsUnavailable,
            "The SMS provider is unavailable; no code was sent.", "sms_unavailable", audit: "failed"),
        [SendOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<VerifyOutcomeKind> Verify = new(new Dictionary<VerifyOutcomeKind, OutcomeInfo>
    {
        [VerifyOutcomeKind.Approved] = OutcomeInfo.Success(Status200OK, "approved"),
        [VerifyOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [VerifyOutcomeKind.IncorrectCode] = OutcomeInfo.Refusal(CommonProblems.IncorrectCode, "incorrect_code"),
        [VerifyOutcomeKind.NotFound] = OutcomeInfo.Refusal(NotFoundProblem, "not_found"),
        [VerifyOutcomeKind.Locked] = OutcomeInfo.Refusal(Status410Gone, ProblemTypes.VerificationLocked,
            "Too many incorrect codes: this verification is locked. Start a new one.", "locked"),
        [VerifyOutcomeKind.IdempotencyKeyReused] = OutcomeInfo.Refusal(Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            "This Idempotency-Key was already used with a different code or user id.", "idempotency_key_reused"),
        [VerifyOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited"),
        [VerifyOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<StatusOutcomeKind> Status = new(new Dictionary<StatusOutcomeKind, OutcomeInfo>
    {
        [StatusOutcomeKind.Found] = OutcomeInfo.Success(Status200OK, "found"),
        [StatusOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [StatusOutcomeKind.NotFound] = OutcomeInfo.Refusal(NotFoundProblem, "not_found"),
        [StatusOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<ResendOutcomeKind> Resend = new(new Dictionary<ResendOutcomeKind, OutcomeInfo>
    {
        [ResendOutcomeKind.Sent] = OutcomeInfo.Success(Status202Accepted, "sent"),
        [ResendOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [ResendOutcomeKind.NotFound] = OutcomeInfo.Refusal(NotFoundProblem, "not_found"),
        [ResendOutcomeKind.NotPending] = OutcomeInfo.Refusal(Status409Conflict, ProblemTypes.VerificationNotPending,
            "The verification is no longer pending (locked): its code cannot be sent again. Start a new one.", "not_pending"),
        [ResendOutcomeKind.RateLimited] = Send[SendOutcomeKind.RateLimited],
        [ResendOutcomeKind.ResendTooSoon] = Send[SendOutcomeKind.ResendTooSoon],
        [ResendOutcomeKind.DestinationUnreachable] = Send[SendOutcomeKind.DestinationUnreachable],
        [ResendOutcomeKind.SmsUnavailable] = Send[SendOutcomeKind.SmsUnavailable],
        [ResendOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<CancelOutcomeKind> Cancel = new(new Dictionary<CancelOutcomeKind, OutcomeInfo>
    {
        [CancelOutcomeKind.Cancelled] = OutcomeInfo.Success(Status204NoContent, "cancelled"),
        [CancelOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited"),
        [CancelOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [CancelOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });
}
