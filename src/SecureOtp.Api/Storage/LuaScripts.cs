namespace SecureOtp.Api.Storage;

/// <summary>The Lua scripts, embedded from <c>Storage/Scripts/*.lua</c>; each file's header states its KEYS, ARGV and replies.</summary>
internal static class LuaScripts
{
    public static readonly StoredScript Start = Load("start");
    public static readonly StoredScript Attempt = Load("attempt");
    public static readonly StoredScript Cancel = Load("cancel");
    public static readonly StoredScript IdempotencyClaim = Load("idempotency_claim");
    public static readonly StoredScript IdempotencyComplete = Load("idempotency_complete");
    public static readonly StoredScript IdempotencyRelease = Load("idempotency_release");

    public static readonly StoredScript DeliveryTrack = Load("delivery_track");
    public static readonly StoredScript DeliveryReceipt = Load("delivery_receipt");

    public static readonly StoredScript RouteFigures = Load("route_figures");
    public static readonly StoredScript RouteDemote = Load("route_demote");
    public static readonly StoredScript RouteRestore = Load("route_restore");

    public static readonly StoredScript TotpEnroll = Load("totp_enroll");
    public static readonly StoredScript TotpAttempt = Load("totp_attempt");
    public static readonly StoredScript TotpDelete = Load("totp_delete");
    public static readonly StoredScript TotpReserve = Load("totp_reserve");

    public static readonly StoredScript RateLimit = Load("ratelimit");
    public static readonly StoredScript RateLimits = Load("ratelimits");

    /// <summary>ratelimits.lua, then attempt.lua only if the limits admit it, in one call: verify's one round trip.</summary>
    public static readonly StoredScript LimitedAttempt = LimitsFirst(RateLimits, Attempt);

    /// <summary>ratelimits.lua, then start.lua only if the limits admit it, in one call: send's one store round trip.</summary>
    public static readonly StoredScript LimitedStart = LimitsFirst(RateLimits, Start);

    public static readonly StoredScript[] All =
        [Start, Attempt, Cancel, IdempotencyClaim, IdempotencyComplete, IdempotencyRelease, DeliveryTrack, DeliveryReceipt, RouteFigures, RouteDemote, RouteRestore, TotpEnroll, TotpAttempt, TotpDelete, TotpReserve,
            RateLimit, RateLimits, LimitedAttempt, LimitedStart];

    /// <summary>
    /// One script from two: each file becomes a function whose parameters shadow the global KEYS and ARGV, so both run
    /// unchanged. KEYS = the n limit keys, then the inner script's keys; ARGV[1] = n, then ratelimits.lua's 1 + 4n
    /// arguments, then the inner script's. Returns ratelimits.lua's refusal <c>{0, i, retryAfterMs}</c> (nothing else
    /// done), or <c>{1, inner reply, ratelimits.lua's admission {1, r1 … rn}}</c>.
    /// </summary>
    private static StoredScript LimitsFirst(StoredScript limits, StoredScript inner) => new($$"""
        local function limits(KEYS, ARGV)
        {{limits.Text}}
        end
        local function inner(KEYS, ARGV)
        {{inner.Text}}
        end
        local n = tonumber(ARGV[1])
        local limitKeys, limitArgs, innerKeys, innerArgs = {}, {}, {}, {}
        for i = 1, #KEYS do
          if i <= n then limitKeys[#limitKeys + 1] = KEYS[i] else innerKeys[#innerKeys + 1] = KEYS[i] end
        end
        for i = 2, #ARGV do
          if i <= 2 + 4 * n then limitArgs[#limitArgs + 1] = ARGV[i] else innerArgs[#innerArgs + 1] = ARGV[i] end
        end
        local decision = limits(limitKeys, limitArgs)
        if decision[1] == 0 then
          return decision
        end
        return {1, inner(innerKeys, innerArgs), decision}
        """);

    private static StoredScript Load(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"SecureOtp.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return new StoredScript(reader.ReadToEnd());
    }
}
