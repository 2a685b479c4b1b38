namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Twilio's log events (8001-8006), apart from the Vonage-era SMS events 4001-4006 whose texts name Vonage. Never a
/// number, a text or a secret: Twilio's error code or our bounded reason label only.
/// </summary>
internal static partial class TwilioLog
{
    [LoggerMessage(8001, LogLevel.Warning, "Twilio did not take the text: {Reason} (certainly not sent)")]
    public static partial void NotSent(ILogger logger, string reason);

    [LoggerMessage(8002, LogLevel.Error, "Twilio refused our request: {Reason}; its credentials, account or sender configuration need fixing")]
    public static partial void ConfigurationFault(ILogger logger, string reason);

    [LoggerMessage(8003, LogLevel.Warning, "Twilio send outcome unknown: {Reason}; the text may still arrive, so it is not sent again")]
    public static partial void OutcomeUnknown(ILogger logger, string reason);

    [LoggerMessage(8004, LogLevel.Information, "Twilio refused the number: {Reason}")]
    public static partial void NumberRefused(ILogger logger, string reason);

    [LoggerMessage(8005, LogLevel.Information, "Twilio send retry {Attempt} after {Cause}, waiting {DelayMs} ms")]
    public static partial void Retry(ILogger logger, int attempt, string cause, double delayMs);

    [LoggerMessage(8006, LogLevel.Error, "Twilio circuit breaker {State} (break {Seconds} s)")]
    public static partial void Breaker(ILogger logger, string state, double seconds);
}
