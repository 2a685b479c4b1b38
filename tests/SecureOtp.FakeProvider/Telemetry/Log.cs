namespace SecureOtp.FakeProvider.Telemetry;

/// <summary>
/// Every line the fake logs, in one place. Texts carry OTP codes and requests carry api_secret, so neither is ever
/// logged; destinations appear as their last four digits.
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
}
