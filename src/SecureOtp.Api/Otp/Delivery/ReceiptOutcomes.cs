using SecureOtp.Api.Errors;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>Every answer the delivery-receipt webhook can give; <see cref="ReceiptOutcomes.Table"/> names each.</summary>
internal enum ReceiptOutcomeKind
{
    Applied,
    Duplicate,
    UnknownMessage,

    /// <summary>A status that says nothing about delivery (Twilio's scheduled, canceled...): nothing changed.</summary>
    Ignored,
    Malformed,
    TooLarge,
    InvalidSignature,
    StaleTimestamp,
    StoreUnavailable,
}

/// <summary>
/// Each answer of <c>/webhooks/vonage/delivery-receipt</c>, named once: status, problem, and the <c>result</c> label of
/// <c>secureotp.sms.receipts</c>. Vonage retries a receipt until it gets a 2xx, so everything that a retry cannot fix
/// (a repeat, a message id we do not track) is a 2xx that changes nothing; only a store outage asks for a retry (503).
/// </summary>
internal static class ReceiptOutcomes
{
    public static readonly OutcomeTable<ReceiptOutcomeKind> Table = new(new Dictionary<ReceiptOutcomeKind, OutcomeInfo>
    {
        [ReceiptOutcomeKind.Applied] = OutcomeInfo.Success(Status204NoContent, "applied"),
        [ReceiptOutcomeKind.Duplicate] = OutcomeInfo.Success(Status204NoContent, "duplicate"),
        [ReceiptOutcomeKind.UnknownMessage] = OutcomeInfo.Success(Status204NoContent, "unknown_message"),
        [ReceiptOutcomeKind.Ignored] = OutcomeInfo.Success(Status204NoContent, "ignored"),
        [ReceiptOutcomeKind.Malformed] = OutcomeInfo.Refusal(CommonProblems.ValidationFailed, "malformed"),
        [ReceiptOutcomeKind.TooLarge] = OutcomeInfo.Refusal(CommonProblems.PayloadTooLarge, "too_large"),
        [ReceiptOutcomeKind.InvalidSignature] = OutcomeInfo.Refusal(Status401Unauthorized, ProblemTypes.InvalidSignature,
            "The receipt is not signed with the configured secret (Vonage: the signature secret; Twilio: the auth token, over the status callback URL).", "invalid_signature"),
        [ReceiptOutcomeKind.StaleTimestamp] = OutcomeInfo.Refusal(Status401Unauthorized, ProblemTypes.StaleTimestamp,
            "The receipt's timestamp is missing or more than 5 minutes from now (a replay?).", "stale_timestamp"),
        [ReceiptOutcomeKind.StoreUnavailable] = OutcomeInfo.Refusal(CommonProblems.StoreUnavailable, "store_unavailable"),
    });
}
