using SecureOtp.Api.Otp;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage.Scripts;

/// <summary>attempt.lua's reply codes, named as in its header, and the reply read as an outcome.</summary>
internal static class AttemptReply
{
    public const int NotFound = 0;
    public const int Approved = 1;
    public const int Incorrect = 2;
    public const int Locked = 3;
    public const int Capped = 4;
    public const int UnknownKey = 5;
    public const int KeyReused = 6;
    public const int Replay = 7;

    /// <summary>The answer from <paramref name="at"/> on (a replay carries the first answer after its own code).</summary>
    public static AttemptOutcome Read(RedisResult[] reply, int at = 0) => (int)reply[at] switch
    {
        Approved => new AttemptOutcome.Approved((string)reply[at + 1]!, (string)reply[at + 2]!, (byte[])reply[at + 3]!, (string?)reply[at + 4] ?? "unknown")
        {
            // a replay of an answer kept before the record had a channel: the only one there was
            Channel = reply.Length > at + 5 ? (string?)reply[at + 5] ?? Channels.ChannelNames.Sms : Channels.ChannelNames.Sms,
        },
        Incorrect => new AttemptOutcome.Incorrect((int)reply[at + 1]),
        Locked => new AttemptOutcome.Locked(),
        Capped => new AttemptOutcome.FailureCapReached(TimeSpan.FromMilliseconds((long)reply[at + 1])),
        UnknownKey => new AttemptOutcome.UnknownKey((string)reply[at + 1]!),
        KeyReused => new AttemptOutcome.IdempotencyKeyReused(),
        Replay => new AttemptOutcome.Replayed(Read(reply, at + 1)),
        _ => new AttemptOutcome.NotFound(),
    };
}
