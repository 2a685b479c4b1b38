using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>The code policy, bound from <c>Otp:*</c> and checked at start-up by <see cref="OtpOptionsValidator"/>.</summary>
internal sealed class OtpOptions
{
    public const string Section = "Otp";

    /// <summary>Digits per code; 6 gives 19.9 bits, the least NIST SP 800-63B tolerates with rate limiting.</summary>
    public int CodeLength { get; set; } = 6;

    /// <summary>Codes shorter than 6 digits are refused unless this is set on purpose.</summary>
    public bool AllowShortCodes { get; set; }

    /// <summary>How long a code lives; NIST and ASVS cap it at 10 minutes.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 5;

    /// <summary>The least time between two sends for the same user and purpose.</summary>
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an Idempotency-Key's first answer is replayed.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Key id → base64 secret of at least 32 bytes.</summary>
    public Dictionary<string, string> HashKeys { get; set; } = new(StringComparer.Ordinal);

    public string? ActiveHashKeyId { get; set; }

    /// <summary>The secret behind every pseudonym, read here only to refuse one that is also one of the
    /// <see cref="HashKeys"/>; Security validates and registers it (<see cref="PseudonymKeyOptions"/>).</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>A verify must name the user the code was sent for; <c>false</c> makes the binding optional again.</summary>
    public bool RequireUserId { get; set; } = true;

    /// <summary>The hash keys as the ring the rest of the service uses (the values were validated at start).</summary>
    public static HashKeyRing KeyRing(OtpOptions options) => new(options.HashKeys, options.ActiveHashKeyId!);
}
