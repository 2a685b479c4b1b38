using System.Diagnostics.CodeAnalysis;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

/// <summary>
/// The input rules of the <c>/totp</c> endpoints; user ids follow the same rule as the SMS factor's. A request that fails
/// them is answered 400 before anything is read, counted or stored; messages never echo a code.
/// </summary>
internal static class TotpRequestValidation
{
    public const int MaxAccountNameLength = 128;

    /// <summary>A typed recovery code may carry separators and spaces; anything longer is not one.</summary>
    private const int MaxRecoveryCodeInput = 32;

    public static bool TryParseEnroll(
        ApiCaller caller, TotpEnrollRequest request, string defaultIssuer,
        [NotNullWhen(true)] out TotpEnrollCommand? command, out Dictionary<string, string[]> errors)
    {
        errors = [];
        ValidateAddressableUserId(request.UserId, errors);
        if (request.AccountName is not null && !IsValidLabelPart(request.AccountName, MaxAccountNameLength))
        {
            errors["accountName"] = [$"accountName must be 1-{MaxAccountNameLength} printable characters without ':'."];
        }

        if (request.Issuer is not null && !IsValidLabelPart(request.Issuer, TotpOptionsValidator.MaxIssuerLength))
        {
            errors["issuer"] = [$"issuer must be 1-{TotpOptionsValidator.MaxIssuerLength} printable characters without ':'."];
        }

        // The account name defaults to the user id, which may itself hold a ':' (only the label's separator is refused).
        command = errors.Count > 0 ? null : new TotpEnrollCommand(caller, request.UserId!,
            request.AccountName ?? request.UserId!.Replace(':', '_'), request.Issuer ?? defaultIssuer);
        return command is not null;
    }

    public static bool TryParseCode(
        ApiCaller caller, TotpCodeRequest request, [NotNullWhen(true)] out TotpCodeCommand? command, out Dictionary<string, string[]> errors)
    {
        errors = [];
        RequestValidation.ValidateUserId(request.UserId, required: true, errors);
        if (string.IsNullOrEmpty(request.Code))
        {
            errors["code"] = ["code is required."];
        }
        else if (!CodeGenerator.IsWellFormed(request.Code, TotpCodes.Digits))
        {
            errors["code"] = [$"code must be exactly {TotpCodes.Digits} ASCII digits."];
        }

        command = errors.Count > 0 ? null : new TotpCodeCommand(caller, request.UserId!, request.Code!);
        return command is not null;
    }

    public static bool TryParseRecover(
        ApiCaller caller, TotpRecoverRequest request, [NotNullWhen(true)] out TotpRecoverCommand? command, out Dictionary<string, string[]> errors)
    {
        errors = [];
        RequestValidation.ValidateUserId(request.UserId, required: true, errors);
        var normalized = "";
        if (string.IsNullOrEmpty(request.RecoveryCode))
        {
            errors["recoveryCode"] = ["recoveryCode is required."];
        }
        else if (request.RecoveryCode.Length > MaxRecoveryCodeInput || !RecoveryCodes.TryNormalize(request.RecoveryCode, out normalized))
        {
            errors["recoveryCode"] = [$"recoveryCode must be {RecoveryCodes.Length} characters of {RecoveryCodes.Alphabet} (a '-' between the halves is fine)."];
        }

        command = errors.Count > 0 ? null : new TotpRecoverCommand(caller, request.UserId!, normalized);
        return command is not null;
    }

    /// <summary>A user id taken from the path (<c>GET</c>/<c>DELETE /totp/{userId}</c>), by the same rule as in a body.</summary>
    public static Dictionary<string, string[]> ValidatePathUserId(string userId)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateAddressableUserId(userId, errors);
        return errors;
    }

    /// <summary>
    /// The user id rule, and one more: an enrolment must stay reachable by <c>GET</c> and <c>DELETE /totp/{userId}</c>, and
    /// "." and ".." cannot be: clients and servers remove them from a path as dot segments (RFC 3986 §5.2.4), escaped or not.
    /// </summary>
    private static void ValidateAddressableUserId(string? userId, Dictionary<string, string[]> errors)
    {
        RequestValidation.ValidateUserId(userId, required: true, errors);
        if (userId is "." or "..")
        {
            errors["userId"] = ["userId cannot be '.' or '..': no URL path can name them (GET and DELETE /totp/{userId})."];
        }
    }

    /// <summary>An issuer or account name: printable, bounded, and free of the ':' that separates them in the URI's label.</summary>
    public static bool IsValidLabelPart(string? value, int maxLength) =>
        value is not null && !value.Contains(':', StringComparison.Ordinal) && RequestValidation.IsPrintableText(value, maxLength);
}
