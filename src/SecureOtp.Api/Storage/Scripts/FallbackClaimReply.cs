using SecureOtp.Api.Otp.Delivery;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage.Scripts;

/// <summary>fallback_claim.lua's reply codes, named as in its header, and the reply read as what the timeout found.</summary>
internal static class FallbackClaimReply
{
    public const int None = 0;
    public const int Claimed = 1;
    public const int NotYet = 2;

    public static TimeoutClaim Read(RedisResult[] reply) => (int)reply[0] switch
    {
        Claimed => new TimeoutClaim.Claimed(),
        NotYet => new TimeoutClaim.NotYet(DateTimeOffset.FromUnixTimeMilliseconds((long)reply[1])),
        _ => new TimeoutClaim.None(),
    };
}
