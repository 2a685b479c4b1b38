namespace SecureOtp.Api.Otp;

/// <summary>
/// A send that passed <see cref="RequestValidation"/>: the calling client, a printable user id, an E.164 phone number and
/// a purpose (defaulted), all present and well-formed. The optional fields are null only when the caller left them out.
/// </summary>
internal sealed record SendCommand(
    string Client,
    string UserId,
    string PhoneNumber,
    string Purpose,
    string? Locale,
    string? ClientIp,
    string? AppHash,
    string? IdempotencyKey)
{
    /// <summary>The body as the caller meant it (purpose defaulted): what a repeat under the same Idempotency-Key must match.</summary>
    public SendOtpRequest Body => new(UserId, PhoneNumber, Purpose, Locale, ClientIp, AppHash);
}

/// <summary>
/// A verify that passed <see cref="RequestValidation"/>: a code of the configured length in ASCII digits and a verification
/// id of sane length (whether we could have issued it is the service's question). <see cref="UserId"/>, when given, is
/// printable; <see cref="IdempotencyKey"/>, when given, is 1-255 visible ASCII characters.
/// </summary>
internal sealed record VerifyCommand(string Client, string VerificationId, string Code, string? UserId, string? ClientIp, string? IdempotencyKey = null);
