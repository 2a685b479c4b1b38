using Microsoft.AspNetCore.Http.HttpResults;

namespace SecureOtp.Api.Errors;

/// <summary>Builds the RFC 9457 problems the endpoints return; titles live here so they read the same everywhere.</summary>
internal static class Problems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.", type: ProblemTypes.ValidationFailed);

    public static ProblemHttpResult IncorrectCode(int attemptsRemaining) =>
        Create(StatusCodes.Status400BadRequest, ProblemTypes.IncorrectCode, "The code is incorrect.",
            new Dictionary<string, object?> { ["attemptsRemaining"] = attemptsRemaining });

    public static ProblemHttpResult VerificationNotFound() =>
        Create(StatusCodes.Status404NotFound, ProblemTypes.VerificationNotFound,
            "The verification does not exist, has expired, was already used or was cancelled.");

    public static ProblemHttpResult VerificationLocked() =>
        Create(StatusCodes.Status410Gone, ProblemTypes.VerificationLocked,
            "Too many incorrect codes: this verification is locked. Start a new one.");

    public static ProblemHttpResult IdempotencyKeyReused() =>
        Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            "This Idempotency-Key was already used with a different request body.");

    public static ProblemHttpResult IdempotencyInProgress() =>
        Create(StatusCodes.Status409Conflict, ProblemTypes.IdempotencyInProgress,
            "A request with this Idempotency-Key is still being processed.");

    /// <summary>429 <c>rate_limited</c>, naming the limit that refused and when its window admits the request.</summary>
    public static ProblemHttpResult RateLimited(HttpContext http, string limit, TimeSpan retryAfter)
    {
        var problem = RetryLater(http, StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited,
            $"Too many requests: the {limit.Replace('_', ' ')} limit is reached.", retryAfter);
        problem.ProblemDetails.Extensions["limit"] = limit;
        return problem;
    }

    /// <summary>A problem that tells the caller when to come back; the handler sets the Retry-After header too.</summary>
    public static ProblemHttpResult RetryLater(HttpContext http, int status, string type, string title, TimeSpan retryAfter)
    {
        var seconds = RetryAfter.Seconds(retryAfter);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(status, type, title, new Dictionary<string, object?> { ["retryAfter"] = seconds });
    }

    public static ProblemHttpResult Create(int status, string type, string title, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, type: type, extensions: extensions);
}

/// <summary>Retry-After is whole seconds, rounded up so a client that waits exactly that long is admitted.</summary>
internal static class RetryAfter
{
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
