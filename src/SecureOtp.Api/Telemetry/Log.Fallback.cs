namespace SecureOtp.Api.Telemetry;

/// <summary>Channel fallback's lines: channels, reasons, the client and the user's tag; never the code or the number.</summary>
internal static partial class Log
{
    [LoggerMessage(7104, LogLevel.Information, "Channel fallback: client={Client} user={UserTag} from={From} to={To} reason={Reason}")]
    public static partial void ChannelFallback(ILogger logger, string client, string userTag, string from, string to, string reason);

    [LoggerMessage(7105, LogLevel.Warning, "Channel fallback not taken: user={UserTag} from={From} reason={Reason} skipped={Skipped}")]
    public static partial void ChannelFallbackSkipped(ILogger logger, string userTag, string from, string reason, string skipped);

    [LoggerMessage(7106, LogLevel.Warning, "Channel timeouts not handled this round ({Cause}): they stay scheduled and come due again")]
    public static partial void ChannelTimeoutsFailed(ILogger logger, string cause);
}
