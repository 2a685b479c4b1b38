using SecureOtp.Api.Errors;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace SecureOtp.Api.Totp;

/// <summary>
/// Each outcome of the <c>/totp</c> endpoints, named once: status, problem slug and title, the <c>outcome</c> label of
/// <c>secureotp.totp.requests</c> and the audit line's result word. <see cref="TotpApi"/> answers from here and documents
/// every row in OpenAPI. Problems shared with the SMS factor keep its slugs (<c>incorrect_code</c>,
/// <c>verification_locked</c>, <c>rate_limited</c>), so a client handles both factors alike.
/// </summary>
internal static class TotpOutcomeTables
{
    // Declared before the tables that share them: static fields initialise in textual order.
    private static readonly ProblemKind NotEnrolledProblem = new(Status404NotFound, ProblemTypes.NotEnrolled,
        "The user has no active authenticator enrolment.");

    private static readonly ProblemKind AlreadyEnrolledProblem = new(Status409Conflict, ProblemTypes.AlreadyEnrolled,
        "The user already has an active authenticator; delete it before enrolling again.");

    private static readonly ProblemKind LockedProblem = new(Status410Gone, ProblemTypes.VerificationLocked,
        "Too many incorrect codes: the authenticator is locked for a while. Retry after the time given.");

    public static readonly OutcomeTable<TotpEnrollOutcomeKind> Enroll = new(new Dictionary<TotpEnrollOutcomeKind, OutcomeInfo>
    {
        [TotpEnrollOutcomeKind.Enrolled] = OutcomeInfo.Success(Status201Created, "enrolled", audit: "enrolled"),
        [TotpEnrollOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [TotpEnrollOutcomeKind.AlreadyEnrolled] = OutcomeInfo.Refusal(AlreadyEnrolledProblem, "already_enrolled", audit: "refused"),
        [TotpEnrollOutcomeKind.EnrolmentLimitReached] = OutcomeInfo.Refusal(Status409Conflict, ProblemTypes.EnrolmentLimitReached,
            "The tenant holds as many authenticator enrolments as Limits:MaxTotpEnrolmentsPerTenant allows; delete unused ones first.",
            "enrolment_limit_reached", audit: "refused"),
        [TotpEnrollOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited", audit: "refused"),
        [TotpEnrollOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<TotpConfirmOutcomeKind> Confirm = new(new Dictionary<TotpConfirmOutcomeKind, OutcomeInfo>
    {
        [TotpConfirmOutcomeKind.Activated] = OutcomeInfo.Success(Status200OK, "activated", audit: "activated"),
        [TotpConfirmOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [TotpConfirmOutcomeKind.IncorrectCode] = OutcomeInfo.Refusal(CommonProblems.IncorrectCode, "incorrect_code", audit: "failed"),
        [TotpConfirmOutcomeKind.NotEnrolled] = OutcomeInfo.Refusal(new ProblemKind(Status404NotFound, ProblemTypes.NotEnrolled,
            "The user has no pending authenticator enrolment (none, or it expired)."), "not_enrolled", audit: "refused"),
        [TotpConfirmOutcomeKind.AlreadyEnrolled] = OutcomeInfo.Refusal(AlreadyEnrolledProblem, "already_enrolled", audit: "refused"),
        [TotpConfirmOutcomeKind.Locked] = OutcomeInfo.Refusal(LockedProblem, "locked", audit: "refused"),
        [TotpConfirmOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited", audit: "refused"),
        [TotpConfirmOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<TotpVerifyOutcomeKind> Verify = new(new Dictionary<TotpVerifyOutcomeKind, OutcomeInfo>
    {
        [TotpVerifyOutcomeKind.Approved] = OutcomeInfo.Success(Status200OK, "approved", audit: "approved"),
        [TotpVerifyOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [TotpVerifyOutcomeKind.IncorrectCode] = OutcomeInfo.Refusal(CommonProblems.IncorrectCode, "incorrect_code", audit: "failed"),
        [TotpVerifyOutcomeKind.CodeAlreadyUsed] = OutcomeInfo.Refusal(Status409Conflict, ProblemTypes.CodeAlreadyUsed,
            "This code was already used; wait for the authenticator's next code.", "code_already_used", audit: "replay"),
        [TotpVerifyOutcomeKind.NotEnrolled] = OutcomeInfo.Refusal(NotEnrolledProblem, "not_enrolled", audit: "refused"),
        [TotpVerifyOutcomeKind.Locked] = OutcomeInfo.Refusal(LockedProblem, "locked", audit: "refused"),
        [TotpVerifyOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited", audit: "refused"),
        [TotpVerifyOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<TotpRecoverOutcomeKind> Recover = new(new Dictionary<TotpRecoverOutcomeKind, OutcomeInfo>
    {
        [TotpRecoverOutcomeKind.Approved] = OutcomeInfo.Success(Status200OK, "approved", audit: "recovered"),
        [TotpRecoverOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [TotpRecoverOutcomeKind.IncorrectCode] = OutcomeInfo.Refusal(new ProblemKind(Status400BadRequest, ProblemTypes.IncorrectCode,
            "The recovery code is incorrect or was already used."), "incorrect_code", audit: "failed"),
        [TotpRecoverOutcomeKind.NotEnrolled] = OutcomeInfo.Refusal(NotEnrolledProblem, "not_enrolled", audit: "refused"),
        [TotpRecoverOutcomeKind.Locked] = OutcomeInfo.Refusal(LockedProblem, "locked", audit: "refused"),
        [TotpRecoverOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited", audit: "refused"),
        [TotpRecoverOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<TotpStatusOutcomeKind> Status = new(new Dictionary<TotpStatusOutcomeKind, OutcomeInfo>
    {
        [TotpStatusOutcomeKind.Found] = OutcomeInfo.Success(Status200OK, "found"),
        [TotpStatusOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [TotpStatusOutcomeKind.NotEnrolled] = OutcomeInfo.Refusal(new ProblemKind(Status404NotFound, ProblemTypes.NotEnrolled,
            "The user has no authenticator enrolment."), "not_enrolled"),
        [TotpStatusOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });

    public static readonly OutcomeTable<TotpDeleteOutcomeKind> Delete = new(new Dictionary<TotpDeleteOutcomeKind, OutcomeInfo>
    {
        [TotpDeleteOutcomeKind.Deleted] = OutcomeInfo.Success(Status204NoContent, "deleted", audit: "deleted"),
        [TotpDeleteOutcomeKind.ValidationFailed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "validation_failed"),
        [TotpDeleteOutcomeKind.RateLimited] = OutcomeInfo.Refusal(CommonProblems.RateLimited, "rate_limited", audit: "refused"),
        [TotpDeleteOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });
}
