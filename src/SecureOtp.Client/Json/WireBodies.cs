namespace SecureOtp.Client.Json;

/// <summary>The body of <c>POST /otp/{id}/resend</c>.</summary>
internal sealed record ResendBody(string Channel);

/// <summary>The body of <c>POST /totp/confirm</c> and <c>/totp/verify</c>.</summary>
internal sealed class TotpCodeBody
{
    public required string UserId { get; init; }

    public required string Code { get; init; }
}

/// <summary>The body of <c>POST /totp/recover</c>.</summary>
internal sealed class TotpRecoverBody
{
    public required string UserId { get; init; }

    public required string RecoveryCode { get; init; }
}

/// <summary>An RFC 9457 problem document with the extensions SecureOtp uses.</summary>
internal sealed class ProblemBody
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public int? AttemptsRemaining { get; init; }

    public string? Limit { get; init; }

    public double? RetryAfter { get; init; }

    public Dictionary<string, string[]>? Errors { get; init; }
}
