namespace SecureOtp.Api.Errors;

/// <summary>
/// The stable <c>type</c> slugs of every problem the API returns. Clients switch on these, so they never change.
/// </summary>
internal static class ProblemTypes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidRequest = "invalid_request";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UriTooLong = "uri_too_long";
    public const string RequestHeadersTooLarge = "request_headers_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string IncorrectCode = "incorrect_code";
    public const string VerificationNotFound = "verification_not_found";
    public const string VerificationLocked = "verification_locked";
    public const string ResendTooSoon = "resend_too_soon";
    public const string VerificationNotPending = "verification_not_pending";
    public const string RateLimited = "rate_limited";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyInProgress = "idempotency_in_progress";
    public const string SmsUnavailable = "sms_unavailable";
    public const string DestinationUnreachable = "destination_unreachable";
    public const string DestinationNotAllowed = "destination_not_allowed";
    public const string SimSwapDetected = "sim_swap_detected";
    public const string SimSwapCheckUnavailable = "sim_swap_check_unavailable";
    public const string StoreUnavailable = "store_unavailable";
    public const string NotEnrolled = "not_enrolled";
    public const string AlreadyEnrolled = "already_enrolled";
    public const string CodeAlreadyUsed = "code_already_used";
    public const string EnrolmentLimitReached = "enrolment_limit_reached";
    public const string InternalError = "internal_error";
    public const string InvalidSignature = "invalid_signature";
    public const string StaleTimestamp = "stale_timestamp";
}
