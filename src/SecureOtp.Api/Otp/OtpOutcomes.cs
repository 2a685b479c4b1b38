namespace SecureOtp.Api.Otp;

/// <summary>Every way a send can end; <see cref="OtpApi"/> maps each to one HTTP answer.</summary>
internal abstract record SendOutcome
{
    /// <param name="Replayed">The first answer to an Idempotency-Key, returned again; nothing was sent this time.</param>
    public sealed record Sent(SendOtpResponse Response, bool Replayed = false) : SendOutcome;

    public sealed record ResendTooSoon(TimeSpan RetryAfter) : SendOutcome;

    public sealed record SmsUnavailable(TimeSpan RetryAfter) : SendOutcome;

    public sealed record DestinationUnreachable : SendOutcome;

    public sealed record DestinationNotAllowed : SendOutcome;

    public sealed record SimSwapDetected : SendOutcome;

    /// <summary>The SIM-swap provider could not answer and the policy is fail-closed.</summary>
    public sealed record RiskCheckUnavailable : SendOutcome;

    public sealed record RateLimited(string Limit, TimeSpan RetryAfter) : SendOutcome;

    public sealed record IdempotencyKeyReused : SendOutcome;

    public sealed record IdempotencyInProgress : SendOutcome;
}

/// <summary>Every way a verify can end.</summary>
internal abstract record VerifyOutcome
{
    public sealed record Approved(VerifyOtpResponse Response) : VerifyOutcome;

    public sealed record Incorrect(int AttemptsRemaining) : VerifyOutcome;

    public sealed record Locked : VerifyOutcome;

    public sealed record RateLimited(string Limit, TimeSpan RetryAfter) : VerifyOutcome;

    public sealed record NotFound : VerifyOutcome;
}
