using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage.Scripts;

/// <summary>delivery_receipt.lua's reply codes, named as in its header, and the reply read as what the receipt did.</summary>
internal static class DeliveryReceiptReply
{
    public const int Unknown = 0;
    public const int Unchanged = 1;
    public const int Updated = 2;

    public static ReceiptApplied Read(RedisResult[] reply) => (int)reply[0] switch
    {
        Unknown => new ReceiptApplied.UnknownMessage(),
        Unchanged => new ReceiptApplied.Unchanged(),
        _ => new ReceiptApplied.Updated(
            (string)reply[1]!, (int)reply[2] == 1, (int)reply[3] == 1, (string)reply[4]!, (string)reply[5]!, (string)reply[6]!,
            DateTimeOffset.FromUnixTimeMilliseconds((long)reply[7]),
            (int)reply[3] == 1 ? Cooldowns((string)reply[8]!, (string)reply[9]!) : [])
        {
            Channel = reply.Length > 11 ? (string)reply[11]! : Channels.ChannelNames.Sms,
            FallbackClaimed = reply.Length > 12 && (int)reply[12] == 1,
        },
    };

    /// <summary>The receipt recorded a webhook event (the stream then joins its tenant's index).</summary>
    public static bool RecordedEvent(RedisResult[] reply) => reply.Length > 10 && (int)reply[10] == 1;

    /// <summary>The rate limiter's cooldown entry as the send recorded it: <c>rc</c> (then no member after it), or a hash
    /// written before the shrink's <c>rck</c> and <c>rcm</c>.</summary>
    private static IReadOnlyList<LimitCheck> Cooldowns(string entryOrKeys, string legacyMember) =>
        legacyMember.Length == 0 ? CooldownEntries.Expand(entryOrKeys) : CooldownEntries.FromKeys(entryOrKeys, legacyMember);
}
