using System.Net;
using Twilio.Exceptions;
using static SecureOtp.Api.Sms.ProviderSendResult;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Sorts every way a Twilio <c>Messages.json</c> request can end into a <see cref="ProviderSendResult"/>. Twilio refuses
/// before queueing (a 4xx with its error code), so a refusal certainly sent nothing; a 5xx other than 503, a lost answer
/// or a timeout may follow an accepted text, so those are unknown and never retried.
/// </summary>
internal static class TwilioResponseClassifier
{
    /// <summary>Refusals of the number itself: invalid 'To', not a mobile number, the user texted STOP.</summary>
    public static readonly IReadOnlySet<int> NumberCodes = new HashSet<int> { 21211, 21614, 21610 };

    /// <summary>Refusals of this account's route or sender: geo permission, cannot route, sender not usable.</summary>
    public static readonly IReadOnlySet<int> RouteCodes = new HashSet<int> { 21408, 21612, 21606, 21611 };

    /// <summary>Too many requests: Twilio processed nothing.</summary>
    public const int ThrottledCode = 20429;

    public static ProviderSendResult Accepted(string? sid) =>
        string.IsNullOrEmpty(sid) ? new Unknown("twilio_no_sid") : new Sent([sid]);

    /// <summary>An error answer: Twilio's code when it gave one (0 when not), else the HTTP status decides.</summary>
    /// <param name="httpStatus">0 when no status is known.</param>
    public static ProviderSendResult ClassifyError(int httpStatus, int twilioCode, TimeSpan? retryAfter)
    {
        if (NumberCodes.Contains(twilioCode))
        {
            return new NumberRefused(Label(twilioCode, httpStatus));
        }

        if (RouteCodes.Contains(twilioCode))
        {
            return new CertainlyNotSent(Label(twilioCode, httpStatus), null, NotSentCause.RouteRefused);
        }

        return httpStatus switch
        {
            _ when twilioCode == ThrottledCode => new CertainlyNotSent(Label(twilioCode, httpStatus), retryAfter, NotSentCause.Transient),
            (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable =>
                new CertainlyNotSent(Label(twilioCode, httpStatus), retryAfter, NotSentCause.Transient),
            >= 500 => new Unknown(Label(twilioCode, httpStatus)),
            // Twilio validates before it queues: a 4xx took nothing, and it is our request or account at fault.
            >= 400 => new CertainlyNotSent(Label(twilioCode, httpStatus), null, NotSentCause.Configuration),
            // An error without a readable status: whatever answered may have passed the text on.
            _ => new Unknown(Label(twilioCode, httpStatus)),
        };
    }

    /// <summary>What the SDK threw, with the status and wait the handler saw (the SDK drops them for non-JSON answers).</summary>
    public static ProviderSendResult Classify(TwilioException exception, TwilioAttemptContext attempt) => exception switch
    {
        // Nothing was written: no connection, no name, no TLS.
        ApiConnectionException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } } =>
            new CertainlyNotSent("connection_failed", null, NotSentCause.Transient),
        // The request went out and the answer was lost (dropped, malformed): it may have been accepted.
        ApiConnectionException => new Unknown("connection_lost"),
        ApiException api => ClassifyError(api.Status != 0 ? api.Status : (int?)attempt.HttpStatus ?? 0, api.Code, attempt.RetryAfter),
        _ => new Unknown("twilio_" + exception.GetType().Name),
    };

    /// <summary>A bounded label: Twilio's code when known, else the HTTP status.</summary>
    private static string Label(int twilioCode, int httpStatus) =>
        twilioCode != 0 ? FormattableString.Invariant($"twilio_{twilioCode}") : FormattableString.Invariant($"http_{httpStatus}");
}
