using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

/// <summary>An enrolment that passed <see cref="TotpRequestValidation"/>, label parts defaulted.</summary>
internal sealed record TotpEnrollCommand(ApiCaller Caller, string UserId, string AccountName, string Issuer);

/// <summary>A confirm or verify that passed <see cref="TotpRequestValidation"/>: a printable user id and 6 ASCII digits.</summary>
internal sealed record TotpCodeCommand(ApiCaller Caller, string UserId, string Code);

/// <summary>A recover that passed <see cref="TotpRequestValidation"/>: the recovery code as stored (see <see cref="RecoveryCodes.TryNormalize"/>).</summary>
internal sealed record TotpRecoverCommand(ApiCaller Caller, string UserId, string RecoveryCode);
