namespace SecureOtp.Api.Storage;

/// <summary>The Lua scripts, embedded from <c>Storage/Scripts/*.lua</c>; each file's header states its KEYS, ARGV and replies.</summary>
internal static class LuaScripts
{
    public static readonly string Start = Load("start");
    public static readonly string Attempt = Load("attempt");
    public static readonly string Cancel = Load("cancel");
    public static readonly string IdempotencyClaim = Load("idempotency_claim");
    public static readonly string IdempotencyComplete = Load("idempotency_complete");
    public static readonly string IdempotencyRelease = Load("idempotency_release");

    public static readonly string DeliveryTrack = Load("delivery_track");
    public static readonly string DeliveryReceipt = Load("delivery_receipt");

    public static readonly string RateLimit = Load("ratelimit");
    public static readonly string RateLimits = Load("ratelimits");

    public static readonly string[] All = [Start, Attempt, Cancel, IdempotencyClaim, IdempotencyComplete, IdempotencyRelease, DeliveryTrack, DeliveryReceipt, RateLimit, RateLimits];

    private static string Load(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"SecureOtp.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
