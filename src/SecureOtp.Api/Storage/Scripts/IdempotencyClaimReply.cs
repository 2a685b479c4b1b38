using SecureOtp.Api.Otp;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage.Scripts;

/// <summary>idempotency_claim.lua's reply codes, named as in its header, and the reply read as a claim.</summary>
internal static class IdempotencyClaimReply
{
    public const int Claimed = 0;
    public const int Replay = 1;
    public const int BodyMismatch = 2;
    public const int InProgress = 3;

    public static IdempotencyClaim Read(RedisResult[] reply) => (int)reply[0] switch
    {
        Claimed => new IdempotencyClaim.Claimed(),
        Replay => new IdempotencyClaim.Replay((byte[])reply[1]!),
        BodyMismatch => new IdempotencyClaim.BodyMismatch(),
        _ => new IdempotencyClaim.InProgress(),
    };
}
