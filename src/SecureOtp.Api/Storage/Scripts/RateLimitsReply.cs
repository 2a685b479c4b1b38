namespace SecureOtp.Api.Storage.Scripts;

/// <summary>ratelimits.lua's reply codes, named as in its header; <see cref="RedisRateLimiter"/> reads the replies. A script
/// composed after it (<see cref="LuaScripts.LimitedAttempt"/>) answers its refusal as is, and its admission after the
/// inner script's reply.</summary>
internal static class RateLimitsReply
{
    public const int Refused = 0;
    public const int Admitted = 1;

    /// <summary>Per limit in an admission: it recorded an entry (otherwise its distinct member was already counted).</summary>
    public const int Recorded = 1;
}
