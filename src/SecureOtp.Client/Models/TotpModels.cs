namespace SecureOtp.Client;

/// <summary>What <c>POST /totp/enroll</c> takes.</summary>
public sealed class TotpEnrollRequest
{
    /// <summary>The user to enrol.</summary>
    public required string UserId { get; init; }

    /// <summary>What the authenticator app shows as the account (default: the user id).</summary>
    public string? AccountName { get; init; }

    /// <summary>What the app shows as the issuer (default: the service's <c>Totp:Issuer</c>).</summary>
    public string? Issuer { get; init; }
}

/// <summary>
/// A new, pending enrolment: show <see cref="QrCodeSvg"/> (or <see cref="Secret"/> for typing) to the user once and keep
/// neither. Not a record, so that printing it never shows the secret.
/// </summary>
public sealed class TotpEnrollment
{
    /// <summary>The enrolled user.</summary>
    public string UserId { get; init; } = "";

    /// <summary><c>pending</c> until a code confirms it.</summary>
    public string Status { get; init; } = "";

    /// <summary>The shared secret, Base32.</summary>
    public string Secret { get; init; } = "";

    /// <summary>The <c>otpauth://</c> URI the QR code holds.</summary>
    public string OtpauthUri { get; init; } = "";

    /// <summary>The QR code as an SVG document.</summary>
    public string QrCodeSvg { get; init; } = "";
}

/// <summary>An active enrolment and its one-time recovery codes, shown this once.</summary>
public sealed class TotpConfirmation
{
    /// <summary><c>active</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Ten recovery codes; the service keeps only keyed hashes of them.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; init; } = [];
}

/// <summary>An approved authenticator code or recovery code.</summary>
public sealed class TotpApproval
{
    /// <summary><c>approved</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>After a recovery code: how many are left.</summary>
    public int? RecoveryCodesRemaining { get; init; }
}

/// <summary>An enrolment's state (never its secret).</summary>
public sealed class TotpStatus
{
    /// <summary><c>pending</c> or <c>active</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When a code or recovery code was last accepted.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}
