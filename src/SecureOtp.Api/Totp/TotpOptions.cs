namespace SecureOtp.Api.Totp;

/// <summary>The authenticator-app factor's policy, bound from <c>Totp:*</c> and checked at start-up by <see cref="TotpOptionsValidator"/>.</summary>
internal sealed class TotpOptions
{
    public const string Section = "Totp";

    /// <summary>Consecutive wrong codes (or recovery codes) before the user's factor locks for <see cref="LockDuration"/>.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a lock lasts. Fifteen minutes is the lockout ASVS 2.2.1 and OWASP's authentication guidance name
    /// as typical; with 5 attempts it allows at most 480 guesses a day, and the shared failed-verify cap (100 a day) binds
    /// first.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Time steps accepted either side of now for clock drift and typing time; RFC 6238 §5.2 recommends at most one.</summary>
    public int AllowedSkewSteps { get; set; } = 1;

    /// <summary>The issuer an authenticator app shows beside the account when the enrolment names none.</summary>
    public string Issuer { get; set; } = "SecureOtp";

    /// <summary>How long an enrolment waits for its first code before it is dropped.</summary>
    public TimeSpan PendingTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Key id → base64 of exactly 32 random bytes: AES-256-GCM keys that seal the shared secrets at rest.</summary>
    public Dictionary<string, string> SecretKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key in <see cref="SecretKeys"/> new enrolments are sealed under; the others still open older ones.</summary>
    public string? ActiveSecretKeyId { get; set; }
}
