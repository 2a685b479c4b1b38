using Microsoft.AspNetCore.Http.HttpResults;

namespace SecureOtp.Api.Errors;

/// <summary>Builds the RFC 9457 answers of the endpoints from their outcome tables, so a problem reads the same everywhere.</summary>
internal static class Problems
{
    /// <summary>Stands for the limit's name in the <c>rate_limited</c> title.</summary>
    public const string LimitPlaceholder = "{limit}";

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: CommonProblems.ValidationFailed.Title, type: CommonProblems.ValidationFailed.Type);

    public static ProblemHttpResult For(OutcomeInfo outcome, IDictionary<string, object?>? extensions = null)
    {
        var problem = outcome.RequiredProblem;
        return TypedResults.Problem(statusCode: problem.Status, title: problem.Title, type: problem.Type, extensions: extensions);
    }

    /// <summary>A refusal with what its problem type carries: attempts left, or the limit and when to come back.</summary>
    public static ProblemHttpResult Refusal(HttpContext http, OutcomeInfo outcome, object refusal) => refusal switch
    {
        IRateLimited limited => RateLimited(http, outcome, limited.Limit, limited.RetryAfter),
        IRetryLater later => RetryLater(http, outcome, later.RetryAfter),
        IIncorrectCode incorrect => For(outcome, new Dictionary<string, object?> { ["attemptsRemaining"] = incorrect.AttemptsRemaining }),
        _ => For(outcome),
    };

    /// <summary>429 <c>rate_limited</c>, naming the limit that refused and when its window admits the request.</summary>
    public static ProblemHttpResult RateLimited(HttpContext http, OutcomeInfo outcome, string limit, TimeSpan retryAfter)
    {
        var problem = RetryLater(http, outcome, retryAfter);
        problem.ProblemDetails.Title = problem.ProblemDetails.Title?.Replace(LimitPlaceholder, limit.Replace('_', ' '), StringComparison.Ordinal);
        problem.ProblemDetails.Extensions["limit"] = limit;
        return problem;
    }

    /// <summary>A problem that tells the caller when to come back, in the body and in the Retry-After header.</summary>
    public static ProblemHttpResult RetryLater(HttpContext http, OutcomeInfo outcome, TimeSpan retryAfter)
    {
        var seconds = RetryAfter.Seconds(retryAfter);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return For(outcome, new Dictionary<string, object?> { ["retryAfter"] = seconds });
    }
}

/// <summary>Retry-After is whole seconds, rounded up so a client that waits exactly that long is admitted.</summary>
internal static class RetryAfter
{
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
