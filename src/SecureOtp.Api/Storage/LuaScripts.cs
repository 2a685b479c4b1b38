namespace SecureOtp.Api.Storage;

/// <summary>The Lua scripts, embedded from <c>Storage/Scripts/*.lua</c>; each file's header states its KEYS, ARGV and replies.</summary>
internal static class LuaScripts
{
    /// <summary>window.lua and counter.lua: the sliding-window log's and the bucketed counter's functions, put before each
    /// script that counts in a window.</summary>
    private static readonly string Window = Read("window") + Read("counter");

    /// <summary>events.lua: takes a webhook event's arguments off the end of KEYS and ARGV, put before each script that
    /// reports a state change, so the event is recorded in the same step as the change.</summary>
    private static readonly string Events = Read("events");

    private static readonly string AttemptBody = Events + Read("attempt");
    private static readonly string RateLimitsBody = Read("ratelimits");

    public static readonly StoredScript Start = Load("start");
    public static readonly StoredScript Attempt = new(Window + AttemptBody);
    public static readonly StoredScript Cancel = new(Events + Read("cancel"));
    public static readonly StoredScript Locate = Load("locate");
    public static readonly StoredScript IdempotencyClaim = Load("idempotency_claim");
    public static readonly StoredScript IdempotencyComplete = Load("idempotency_complete");
    public static readonly StoredScript IdempotencyRelease = Load("idempotency_release");

    public static readonly StoredScript DeliveryTrack = Load("delivery_track");
    public static readonly StoredScript DeliveryReceipt = new(Events + Read("delivery_receipt"));
    public static readonly StoredScript FallbackDue = Load("fallback_due");
    public static readonly StoredScript FallbackDone = Load("fallback_done");
    public static readonly StoredScript FallbackClaim = Load("fallback_claim");

    public static readonly StoredScript RouteFigures = Load("route_figures");
    public static readonly StoredScript RouteDemote = Load("route_demote");
    public static readonly StoredScript RouteRestore = Load("route_restore");

    public static readonly StoredScript EventRelease = Load("event_release");

    public static readonly StoredScript TotpEnroll = Load("totp_enroll");
    public static readonly StoredScript TotpAttempt = new(Window + Events + Read("totp_attempt"));
    public static readonly StoredScript TotpDelete = Load("totp_delete");
    public static readonly StoredScript TotpReserve = Load("totp_reserve");

    /// <summary>All the limits of a request on one server; on a cluster, one limit per call.</summary>
    public static readonly StoredScript RateLimits = new(Window + RateLimitsBody);

    /// <summary>Gives back the entries of a request that sent nothing, or a failed text's cooldowns.</summary>
    public static readonly StoredScript LimitsRelease = new(Window + Read("limits_release"));

    /// <summary>Gives back one request a bucketed counter counted, once.</summary>
    public static readonly StoredScript CounterRelease = Load("counter_release");

    /// <summary>ratelimits.lua, then attempt.lua only if the limits admit it, in one call: verify's one round trip.</summary>
    public static readonly StoredScript LimitedAttempt = LimitsFirst(AttemptBody);

    /// <summary>ratelimits.lua, then start.lua only if the limits admit it, in one call: send's one store round trip.</summary>
    public static readonly StoredScript LimitedStart = LimitsFirst(Start.Text);

    public static readonly StoredScript[] All =
        [Start, Attempt, Cancel, Locate, IdempotencyClaim, IdempotencyComplete, IdempotencyRelease, DeliveryTrack, DeliveryReceipt, FallbackDue, FallbackDone, FallbackClaim, RouteFigures, RouteDemote, RouteRestore, EventRelease,
            TotpEnroll, TotpAttempt, TotpDelete, TotpReserve, RateLimits, LimitsRelease, CounterRelease, LimitedAttempt, LimitedStart];

    /// <summary>
    /// One script from two: each file becomes a function whose parameters shadow the global KEYS and ARGV, so both run
    /// unchanged; window.lua's functions come first, once, for both. KEYS = the n limit keys, then the inner script's
    /// keys; ARGV[1] = n, then ratelimits.lua's 1 + 4n arguments, then the inner script's. Returns ratelimits.lua's
    /// refusal <c>{REFUSED, i, retryAfterMs}</c> (nothing else done), or <c>{ADMITTED, inner reply, ratelimits.lua's
    /// admission {ADMITTED, r1 … rn}}</c> (<see cref="Scripts.RateLimitsReply"/>).
    /// </summary>
    private static StoredScript LimitsFirst(string inner) => new($$"""
        {{Window}}
        local function limits(KEYS, ARGV)
        {{RateLimitsBody}}
        end
        local function inner(KEYS, ARGV)
        {{inner}}
        end
        local REFUSED, ADMITTED = 0, 1
        local n = tonumber(ARGV[1])
        local limitKeys, limitArgs, innerKeys, innerArgs = {}, {}, {}, {}
        for i = 1, #KEYS do
          if i <= n then limitKeys[#limitKeys + 1] = KEYS[i] else innerKeys[#innerKeys + 1] = KEYS[i] end
        end
        for i = 2, #ARGV do
          if i <= 2 + 4 * n then limitArgs[#limitArgs + 1] = ARGV[i] else innerArgs[#innerArgs + 1] = ARGV[i] end
        end
        local decision = limits(limitKeys, limitArgs)
        if decision[1] == REFUSED then
          return decision
        end
        return {ADMITTED, inner(innerKeys, innerArgs), decision}
        """);

    private static StoredScript Load(string name) => new(Read(name));

    private static string Read(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"SecureOtp.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
