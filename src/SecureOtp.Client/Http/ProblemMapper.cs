using System.Net;

namespace SecureOtp.Client.Http;

/// <summary>Turns a non-success answer into its typed <see cref="OtpProblem"/>, or throws when it is not an expected outcome.</summary>
internal static class ProblemMapper
{
    public static OtpProblem ToProblem(RawAnswer answer, string operation)
    {
        var problem = OtpTransport.ReadProblem(answer);
        if (problem?.Type is not { } type)
        {
            throw new SecureOtpException($"SecureOtp answered {operation} with {answer.Status} and no problem document.", (HttpStatusCode)answer.Status);
        }

        var status = answer.Status;
        var title = problem.Title;
        var retryAfter = answer.RetryAfter ?? (problem.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        return type switch
        {
            ProblemTypes.ValidationFailed => new ValidationFailed(status, title, problem.Errors ?? []),
            ProblemTypes.IncorrectCode => new IncorrectCode(status, title, problem.AttemptsRemaining),
            ProblemTypes.VerificationNotFound => new NotFound(status, title),
            ProblemTypes.VerificationLocked => new Locked(status, title, retryAfter),
            ProblemTypes.ResendTooSoon => new ResendTooSoon(status, title, retryAfter),
            ProblemTypes.RateLimited => new RateLimited(status, title, problem.Limit, retryAfter),
            ProblemTypes.IdempotencyKeyReused => new IdempotencyKeyReused(status, title),
            ProblemTypes.IdempotencyInProgress => new IdempotencyInProgress(status, title, retryAfter),
            ProblemTypes.SmsUnavailable => new SmsUnavailable(status, title, retryAfter),
            ProblemTypes.DestinationUnreachable => new DestinationUnreachable(status, title),
            ProblemTypes.DestinationNotAllowed => new DestinationNotAllowed(status, title),
            ProblemTypes.SimSwapDetected => new SimSwapDetected(status, title),
            ProblemTypes.SimSwapCheckUnavailable => new SimSwapCheckUnavailable(status, title, retryAfter),
            ProblemTypes.StoreUnavailable => new StoreUnavailable(status, title, retryAfter),
            ProblemTypes.NotEnrolled => new NotEnrolled(status, title),
            ProblemTypes.AlreadyEnrolled => new AlreadyEnrolled(status, title),
            ProblemTypes.CodeAlreadyUsed => new AlreadyUsed(status, title),
            ProblemTypes.EnrolmentLimitReached => new EnrolmentLimitReached(status, title),
            _ when IsCallerOrServiceFault(type, status) =>
                throw new SecureOtpException($"SecureOtp answered {operation} with {status} {type}.", (HttpStatusCode)status, type),
            _ => new UnrecognizedProblem(type, status, title),
        };
    }

    /// <summary>
    /// Answers no login flow can act on: a wrong or under-scoped API key, a request this client should never have
    /// built, a Vonage/Twilio webhook type, or a failure of the service itself.
    /// </summary>
    private static bool IsCallerOrServiceFault(string type, int status) =>
        status is 401 or 403 or >= 500 || type is ProblemTypes.InvalidRequest or ProblemTypes.PayloadTooLarge or ProblemTypes.UriTooLong
            or ProblemTypes.RequestHeadersTooLarge or ProblemTypes.UnsupportedMediaType or ProblemTypes.NotFound
            or ProblemTypes.MethodNotAllowed or ProblemTypes.InvalidSignature or ProblemTypes.StaleTimestamp or ProblemTypes.InternalError;
}
