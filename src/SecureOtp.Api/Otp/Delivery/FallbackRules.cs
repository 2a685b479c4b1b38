using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>The <c>reason</c> labels of <c>secureotp.channel.fallbacks</c> and <c>secureotp.channel.fallbacks_skipped</c>.</summary>
internal static class FallbackReasons
{
    /// <summary>At send: the channel's provider refused the number.</summary>
    public const string Refused = "refused";

    /// <summary>At send: the channel's provider was down or throttling.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>A receipt or event said the delivery failed.</summary>
    public const string Failed = "failed";

    /// <summary>No <c>delivered</c> within <c>Delivery:ChannelTimeout</c>.</summary>
    public const string Timeout = "timeout";

    public const string PhoneLimit = "phone_limit";
    public const string NoChannelLeft = "no_channel_left";
    public const string Ended = "ended";
    public const string NotDeliverable = "not_deliverable";
    public const string Error = "error";
}

/// <summary>Which channel a verification falls back to, and which deliveries may time out: the pure rules.</summary>
internal static class FallbackRules
{
    /// <summary>The channels of the send's list after none of <paramref name="tried"/>, in order, switched-off ones skipped:
    /// a channel already tried is never tried again.</summary>
    public static IEnumerable<string> Untried(IReadOnlyList<string> channels, IEnumerable<string> tried, Func<string, bool> enabled)
    {
        var done = tried.ToHashSet(StringComparer.Ordinal);
        return channels.Where(c => !done.Contains(c) && enabled(c)).Distinct(StringComparer.Ordinal);
    }

    /// <summary>Whether a channel after <paramref name="channel"/> remains in the list: only then is a timeout scheduled.</summary>
    public static bool HasNext(IReadOnlyList<string> channels, string channel) =>
        channels.SkipWhile(c => c != channel).Skip(1).Any();

    /// <summary>A delivery still waiting for its outcome times out: not one delivered or failed (its receipt decided), nor
    /// a voice call answered and under way (its completion or failure decides). As fallback_claim.lua.</summary>
    public static bool MayTimeOut(string status, string channel) =>
        status == DeliveryStatus.Submitted || (status == DeliveryStatus.Unknown && channel != Channels.ChannelNames.Voice);

    /// <summary>The reason label of a send-time refusal.</summary>
    public static string ReasonOf(SendOutcome refusal) =>
        refusal is SendOutcome.DestinationUnreachable ? FallbackReasons.Refused : FallbackReasons.Unavailable;
}
