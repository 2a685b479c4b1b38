using SecureOtp.Api.Totp;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage.Scripts;

/// <summary>totp_attempt.lua's reply codes, named as in its header, and the reply read as an outcome.</summary>
internal static class TotpAttemptReply
{
    public const int Approved = 1;
    public const int Incorrect = 2;
    public const int Locked = 3;
    public const int Capped = 4;
    public const int AlreadyUsed = 5;
    public const int NotEnrolled = 6;
    public const int AlreadyActive = 7;
    public const int Stale = 8;

    public static TotpAttemptOutcome Read(RedisResult[] reply) => (int)reply[0] switch
    {
        Approved => new TotpAttemptOutcome.Approved((int)reply[1]),
        Incorrect => new TotpAttemptOutcome.Incorrect((int)reply[1]),
        Locked => new TotpAttemptOutcome.Locked(TimeSpan.FromMilliseconds((long)reply[1])),
        Capped => new TotpAttemptOutcome.FailureCapReached(TimeSpan.FromMilliseconds((long)reply[1])),
        AlreadyUsed => new TotpAttemptOutcome.AlreadyUsed(),
        AlreadyActive => new TotpAttemptOutcome.AlreadyActive(),
        Stale => new TotpAttemptOutcome.Stale(),
        _ => new TotpAttemptOutcome.NotEnrolled(),
    };
}
