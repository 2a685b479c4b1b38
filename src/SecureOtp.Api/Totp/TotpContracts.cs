namespace SecureOtp.Api.Totp;

/// <summary>Body of <c>POST /totp/enroll</c>. <c>accountName</c> and <c>issuer</c> are what the authenticator app shows;
/// they default to the user id and <c>Totp:Issuer</c>.</summary>
public sealed record TotpEnrollRequest(string? UserId, string? AccountName = null, string? Issuer = null);

/// <summary>
/// The 201 answer to an enrolment: the shared secret (Base32), the <c>otpauth://</c> URI that carries it and that URI as an
/// SVG QR code. The only answer that ever carries the secret: the service keeps it sealed and never shows it again.
/// </summary>
public sealed record TotpEnrollResponse(string UserId, string Status, string Secret, string OtpauthUri, string QrCodeSvg);

/// <summary>Body of <c>POST /totp/confirm</c> and <c>POST /totp/verify</c>.</summary>
public sealed record TotpCodeRequest(string? UserId, string? Code);

/// <summary>The 200 answer to the first correct code: the factor is active, and these recovery codes are shown this once.</summary>
public sealed record TotpConfirmResponse(string Status, string[] RecoveryCodes);

/// <summary>The 200 answer to a correct code.</summary>
public sealed record TotpVerifyResponse(string Status);

/// <summary>Body of <c>POST /totp/recover</c>.</summary>
public sealed record TotpRecoverRequest(string? UserId, string? RecoveryCode);

/// <summary>The 200 answer to a recovery code; that code is spent.</summary>
public sealed record TotpRecoverResponse(string Status, int RecoveryCodesRemaining);

/// <summary>The answer to <c>GET /totp/{userId}</c>: never the secret.</summary>
public sealed record TotpStatusResponse(string Status, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
