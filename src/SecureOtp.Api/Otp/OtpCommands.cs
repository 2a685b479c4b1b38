using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// A send that passed <see cref="RequestValidation"/>: the caller, a printable user id, the phone number in its canonical
/// E.164 form (the only form anything after validation sees) and a purpose (defaulted), all present and well-formed. The
/// optional fields are null only when the caller left them out.
/// </summary>
internal sealed record SendCommand(
    ApiCaller Caller,
    string UserId,
    CanonicalPhone Phone,
    string Purpose,
    string? Locale,
    string? ClientIp,
    string? AppHash,
    string? IdempotencyKey)
{
    /// <summary>The calling client, as logs and metrics name it.</summary>
    public string Client => Caller.Client;

    /// <summary>The tenant the user, the verification and the per-user and per-phone limits belong to.</summary>
    public string Tenant => Caller.Tenant;

    /// <summary>What the send's abuse limits count.</summary>
    public SendLimitSubject LimitSubject => new(Client, Tenant, UserId, Purpose, Phone, ClientIp);

    /// <summary>The body as the caller meant it (purpose defaulted, number canonical): what a repeat under the same
    /// Idempotency-Key must match.</summary>
    public SendOtpRequest Body => new(UserId, Phone.E164, Purpose, Locale, ClientIp, AppHash);
}

/// <summary>
/// A verify that passed <see cref="RequestValidation"/>: a code of the configured length in ASCII digits and either a
/// verification id of the form send issues (whether it names a live verification of the caller's is the store's question)
/// or, when <see cref="VerificationId"/> is null, a user and a purpose whose live verification is checked (verify by user:
/// both are then present). <see cref="UserId"/> is printable, and null only in the id form when <c>Otp:RequireUserId</c>
/// is off and the caller left it out. <see cref="Purpose"/> is of send's form; in the id form it is null unless the caller
/// named one (then it must be the verification's). <see cref="IdempotencyKey"/>, when given, is 1-255 visible ASCII characters.
/// </summary>
internal sealed record VerifyCommand(
    ApiCaller Caller, VerificationId? VerificationId, string Code, string? UserId, string? ClientIp, string? IdempotencyKey = null, string? Purpose = null)
{
    public string Client => Caller.Client;

    public string Tenant => Caller.Tenant;
}
