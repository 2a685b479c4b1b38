namespace SecureOtp.Api.Errors;

/// <summary>One kind of RFC 9457 problem: its status, its stable <c>type</c> slug and its title, named in one place.</summary>
internal sealed record ProblemKind(int Status, string Type, string Title);

/// <summary>
/// The problems any endpoint may answer, whatever it does: the ones the pipeline writes before a handler runs (API key,
/// unreadable body) and the ones the handlers share (validation, store outage, a spent limit, a wrong code), so the SMS
/// and authenticator factors answer them alike.
/// </summary>
internal static class CommonProblems
{
    public static readonly ProblemKind ValidationFailed =
        new(StatusCodes.Status400BadRequest, ProblemTypes.ValidationFailed, "The request is not valid.");

    public static readonly ProblemKind StoreUnavailable =
        new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.StoreUnavailable, "The verification store is unavailable. Retry shortly.");

    /// <summary>The limit's name replaces <see cref="Problems.LimitPlaceholder"/> when it is answered.</summary>
    public static readonly ProblemKind RateLimited = new(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited,
        $"Too many requests: the {Problems.LimitPlaceholder} limit is reached.");

    public static readonly ProblemKind IncorrectCode = new(StatusCodes.Status400BadRequest, ProblemTypes.IncorrectCode, "The code is incorrect.");

    public static readonly ProblemKind Unauthorized =
        new(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "A valid API key is required in the X-Api-Key header.");

    public static readonly ProblemKind Forbidden =
        new(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "This API key lacks the scope this endpoint needs.");

    public static readonly ProblemKind InvalidRequest =
        new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidRequest, "The request body could not be read as the expected JSON object.");

    public static readonly ProblemKind PayloadTooLarge =
        new(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large.");

    public static readonly ProblemKind UriTooLong =
        new(StatusCodes.Status414UriTooLong, ProblemTypes.UriTooLong, "The request target (path and query) is too long.");

    public static readonly ProblemKind RequestHeadersTooLarge =
        new(StatusCodes.Status431RequestHeaderFieldsTooLarge, ProblemTypes.RequestHeadersTooLarge, "The request headers are too large or too many.");

    public static readonly ProblemKind UnsupportedMediaType =
        new(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json).");

    /// <summary>What the API-key handler answers before an endpoint that needs a scope runs.</summary>
    public static readonly IReadOnlyList<ProblemKind> ApiKey = [Unauthorized, Forbidden];

    /// <summary>What reading a JSON body can answer before the handler runs (<see cref="ProblemExceptionHandler"/>).</summary>
    public static readonly IReadOnlyList<ProblemKind> JsonBody = [InvalidRequest, PayloadTooLarge, UnsupportedMediaType];
}
