namespace SecureOtp.Client;

/// <summary>The problem <c>type</c> slugs of the SecureOtp API (docs/api.md, "Problem types").</summary>
public static class ProblemTypes
{
#pragma warning disable CS1591 // each constant is its own slug
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
    public const string InvalidSignature = "invalid_signature";
    public const string StaleTimestamp = "stale_timestamp";
    public const string InternalError = "internal_error";
#pragma warning restore CS1591
}
