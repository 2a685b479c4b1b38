namespace SecureOtp.FakeProvider.Telemetry;

/// <summary>
/// Every line the fake logs, in one place. Texts carry OTP codes and requests carry api_secret, client secrets, access
/// tokens or JWTs, so none of them is ever logged; phone numbers appear as their last four digits.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "SMS accepted: to={MaskedTo} type={Type} parts={Parts} messageId={MessageId}")]
    public static partial void Accepted(ILogger logger, string maskedTo, string type, int parts, string messageId);

    [LoggerMessage(1002, LogLevel.Information, "SMS rejected: status={Status} ({ErrorText}) to={MaskedTo}")]
    public static partial void Rejected(ILogger logger, int status, string errorText, string maskedTo);

    [LoggerMessage(1003, LogLevel.Information, "Fault {FaultId} ({Kind}) applied to a request for {MaskedTo}")]
    public static partial void FaultApplied(ILogger logger, int faultId, string kind, string maskedTo);

    [LoggerMessage(1004, LogLevel.Information, "Fault {FaultId}: the client hung up during the delay; nothing recorded")]
    public static partial void DelayAbandoned(ILogger logger, int faultId);

    [LoggerMessage(2001, LogLevel.Information, "Fault {FaultId} added: kind={Kind} for {MaskedTo}, times={Times}")]
    public static partial void FaultAdded(ILogger logger, int faultId, string kind, string maskedTo, string times);

    [LoggerMessage(2002, LogLevel.Information, "Faults cleared")]
    public static partial void FaultsCleared(ILogger logger);

    [LoggerMessage(2003, LogLevel.Information, "Messages, counters and faults cleared")]
    public static partial void StateReset(ILogger logger);

    [LoggerMessage(3001, LogLevel.Information, "SIM swap {Api}: {MaskedNumber} swapped within {Hours}h = {Swapped}")]
    public static partial void SimSwapAnswered(ILogger logger, string api, string maskedNumber, int hours, bool swapped);

    [LoggerMessage(3002, LogLevel.Information, "SIM swap {Api} refused: HTTP {Status} {Code} for {MaskedNumber}")]
    public static partial void SimSwapRefused(ILogger logger, string api, int status, string code, string maskedNumber);

    [LoggerMessage(3003, LogLevel.Information, "Access token issued, expires in {Seconds}s")]
    public static partial void TokenIssued(ILogger logger, int seconds);

    [LoggerMessage(3004, LogLevel.Information, "Token request refused: HTTP {Status} {Error}")]
    public static partial void TokenRefused(ILogger logger, int status, string error);

    [LoggerMessage(4001, LogLevel.Information, "SIM swap answer set: {MaskedNumber} swapped={Swapped} latestSimChange={LatestSimChange}")]
    public static partial void SimSwapNumberSet(ILogger logger, string maskedNumber, bool swapped, string latestSimChange);

    [LoggerMessage(4002, LogLevel.Information, "SIM swap fault {FaultId} added: kind={Kind} target={Target} for {MaskedNumber}, times={Times}")]
    public static partial void SimSwapFaultAdded(
        ILogger logger, int faultId, string kind, string target, string maskedNumber, string times);

    [LoggerMessage(4003, LogLevel.Information, "SIM swap answers, faults and counters cleared")]
    public static partial void SimSwapReset(ILogger logger);

    [LoggerMessage(6001, LogLevel.Information, "Receipt rule for {MaskedTo}: status={Status} send={Send}")]
    public static partial void ReceiptRuleSet(ILogger logger, string maskedTo, string status, bool send);

    [LoggerMessage(6002, LogLevel.Information, "Receipt posted for {MaskedTo}: status={Status} format={Format} answered HTTP {HttpStatus}")]
    public static partial void ReceiptPosted(ILogger logger, string maskedTo, string status, string format, int httpStatus);

    [LoggerMessage(6003, LogLevel.Warning, "Receipt not posted: the callback host {Host} is not loopback, and this fake never calls out")]
    public static partial void ReceiptUrlRefused(ILogger logger, string host);

    [LoggerMessage(7001, LogLevel.Information, "Twilio text accepted: to={MaskedTo} segments={Segments} sid={Sid}")]
    public static partial void TwilioAccepted(ILogger logger, string maskedTo, int segments, string sid);

    [LoggerMessage(7002, LogLevel.Information, "Twilio request refused: code={Code} HTTP {HttpStatus} to={MaskedTo}")]
    public static partial void TwilioRefused(ILogger logger, int code, int httpStatus, string maskedTo);

    [LoggerMessage(7003, LogLevel.Information, "Twilio fault {FaultId} ({Kind}) applied to a request for {MaskedTo}")]
    public static partial void TwilioFaultApplied(ILogger logger, int faultId, string kind, string maskedTo);

    [LoggerMessage(7004, LogLevel.Information, "Twilio status callback for {MaskedTo}: {Status}, answered HTTP {HttpStatus}")]
    public static partial void TwilioCallbackPosted(ILogger logger, string maskedTo, string status, int httpStatus);
}
