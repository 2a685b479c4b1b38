using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Errors;

/// <summary>
/// Turns the exceptions that can escape an endpoint into problems: a request the framework could not read is the
/// caller's fault (4xx, never 5xx); a store outage is a 503 the caller may retry.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.RequestAborted.IsCancellationRequested)
        {
            return true; // the caller left; there is nobody to answer
        }

        var problem = exception switch
        {
            StoreUnavailableException => StoreUnavailable(http, exception),
            BadHttpRequestException bad => BadRequest(bad),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private ProblemDetails StoreUnavailable(HttpContext http, Exception exception)
    {
        Log.StoreUnavailable(logger, exception.InnerException?.GetType().Name ?? exception.GetType().Name);
        http.Response.Headers.RetryAfter = "1";
        return new ProblemDetails
        {
            Status = CommonProblems.StoreUnavailable.Status,
            Type = CommonProblems.StoreUnavailable.Type,
            Title = CommonProblems.StoreUnavailable.Title,
            Extensions = { ["retryAfter"] = 1 },
        };
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        var kind = exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => CommonProblems.PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => CommonProblems.UnsupportedMediaType,
            _ => CommonProblems.InvalidRequest,
        };
        var problem = new ProblemDetails { Status = exception.StatusCode, Type = kind.Type, Title = kind.Title };

        // Say which field was malformed (a JSON path), never what it contained.
        if (exception.InnerException is JsonException { Path: { Length: > 0 } path })
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]>
            {
                [path] = ["The value has the wrong JSON type or is malformed."],
            };
        }

        return problem;
    }
}
