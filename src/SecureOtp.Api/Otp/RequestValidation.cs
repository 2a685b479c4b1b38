using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The input rules of docs/api.md. A request that fails them is answered 400 before anything is stored or sent.
/// Messages say what is expected, never echo what was sent (it may be a code or a phone number).
/// </summary>
internal static partial class RequestValidation
{
    public const string DefaultPurpose = "login";
    public const int MaxUserIdLength = 128;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Parses a send once: the command the flow runs on, or the errors a 400 lists (then the command is null).</summary>
    public static bool TryParseSend(
        ApiCaller caller,
        SendOtpRequest request,
        StringValues idempotencyKeyHeader,
        [NotNullWhen(true)] out SendCommand? command,
        out Dictionary<string, string[]> errors)
    {
        errors = ValidateSend(request);
        var idempotencyKey = ValidateIdempotencyKey(idempotencyKeyHeader, errors);

        // ValidateSend has refused a missing user id or phone number, so the two are present when there is no error. The
        // number is canonicalized here, once, so that no rule after this line can see the caller's spelling of it.
        command = errors.Count > 0 ? null : new SendCommand(caller, request.UserId!, CanonicalPhone.Of(request.PhoneNumber!),
            request.Purpose ?? DefaultPurpose, request.Locale, request.ClientIp, request.AppHash, idempotencyKey);
        return command is not null;
    }

    /// <summary>Parses a verify once: the command the service runs on, or the errors a 400 lists.</summary>
    /// <param name="requireUserId"><c>Otp:RequireUserId</c>: a verify that names no user is refused.</param>
    public static bool TryParseVerify(
        ApiCaller caller,
        VerifyOtpRequest request,
        int codeLength,
        bool requireUserId,
        StringValues idempotencyKeyHeader,
        [NotNullWhen(true)] out VerifyCommand? command,
        out Dictionary<string, string[]> errors)
    {
        errors = ValidateVerify(request, codeLength, requireUserId);
        var idempotencyKey = ValidateIdempotencyKey(idempotencyKeyHeader, errors);

        // ValidateVerify has refused a missing or malformed code, a malformed verification id, and a user id missing where
        // it is required (always, without a verification id: then the purpose defaults as send's does).
        if (errors.Count > 0)
        {
            command = null;
            return false;
        }

        var byUser = IsVerifyByUser(request);
        var id = byUser ? null : VerificationId.TryParse(request.VerificationId, out var parsed) ? parsed : null;
        command = new VerifyCommand(caller, id, request.Code!, request.UserId, request.ClientIp, idempotencyKey,
            byUser ? request.Purpose ?? DefaultPurpose : request.Purpose);
        return true;
    }

    /// <summary>The verification id of <c>GET</c>/<c>DELETE /otp/{verificationId}</c>, by the same rule as verify's.</summary>
    public static bool TryParsePathVerificationId(string text, [NotNullWhen(true)] out VerificationId? id, out Dictionary<string, string[]> errors)
    {
        errors = [];
        ValidateVerificationId(text, errors);
        id = errors.Count == 0 && VerificationId.TryParse(text, out var parsed) ? parsed : null;
        return id is not null;
    }

    public static Dictionary<string, string[]> ValidateSend(SendOtpRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateUserId(request.UserId, required: true, errors);

        if (string.IsNullOrEmpty(request.PhoneNumber))
        {
            errors["phoneNumber"] = ["phoneNumber is required."];
        }
        else if (!E164().IsMatch(request.PhoneNumber))
        {
            errors["phoneNumber"] = ["phoneNumber must be E.164: '+' then 8 to 15 digits, the first not 0."];
        }

        ValidatePurpose(request.Purpose, errors);
        if (request.Locale is not null && !LocalePattern().IsMatch(request.Locale))
        {
            errors["locale"] = ["locale must be a BCP 47 language tag such as 'en' or 'es-MX'."];
        }

        if (request.ClientIp is not null && !IsIpAddress(request.ClientIp))
        {
            errors["clientIp"] = ["clientIp must be an IPv4 or IPv6 address."];
        }

        if (request.AppHash is not null && !AppHashPattern().IsMatch(request.AppHash))
        {
            errors["appHash"] = ["appHash must be the 11-character Android SMS Retriever hash."];
        }

        return errors;
    }

    /// <summary>Verify by user: no verification id, so the user's live verification for the purpose is checked.</summary>
    private static bool IsVerifyByUser(VerifyOtpRequest request) => request.VerificationId is null;

    /// <summary>
    /// The id form takes a verification id (a user id, required by default, and a purpose, optional, must be the
    /// verification's). Without a verification id, the user form takes a user id (always required) and a purpose
    /// (default <c>login</c>), by the rules send applies to them.
    /// </summary>
    public static Dictionary<string, string[]> ValidateVerify(VerifyOtpRequest request, int codeLength, bool requireUserId)
    {
        var errors = new Dictionary<string, string[]>();
        var byUser = IsVerifyByUser(request);
        if (byUser && request.UserId is null)
        {
            errors["verificationId"] = ["verificationId is required, or userId (with purpose) to check the user's live verification."];
        }
        else if (!byUser)
        {
            ValidateVerificationId(request.VerificationId, errors);
        }

        ValidatePurpose(request.Purpose, errors);
        if (string.IsNullOrEmpty(request.Code))
        {
            errors["code"] = ["code is required."];
        }
        else if (!CodeGenerator.IsWellFormed(request.Code, codeLength))
        {
            errors["code"] = [string.Create(CultureInfo.InvariantCulture, $"code must be exactly {codeLength} ASCII digits.")];
        }

        ValidateUserId(request.UserId, required: requireUserId || byUser, errors);
        if (request.ClientIp is not null && !IsIpAddress(request.ClientIp))
        {
            errors["clientIp"] = ["clientIp must be an IPv4 or IPv6 address."];
        }

        return errors;
    }

    /// <summary>
    /// Only what send issues can name a verification: anything else is refused here, before the store or the per-IP verify
    /// budget is touched, so a typo is told apart from an expired code and a malformed id can never name another one.
    /// </summary>
    private static void ValidateVerificationId(string? verificationId, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(verificationId))
        {
            errors["verificationId"] = ["verificationId is required."];
        }
        else if (!VerificationId.TryParse(verificationId, out _))
        {
            errors["verificationId"] = [$"verificationId must be the {VerificationId.TextLength}-character URL-safe id that send returned."];
        }
    }

    /// <summary>A purpose is optional everywhere (send and verify by user default it to <c>login</c>).</summary>
    private static void ValidatePurpose(string? purpose, Dictionary<string, string[]> errors)
    {
        if (purpose is not null && !PurposePattern().IsMatch(purpose))
        {
            errors["purpose"] = ["purpose must be 1-32 characters of [a-z0-9_-]."];
        }
    }

    /// <summary>An Idempotency-Key is 1-255 visible ASCII characters, as the IETF draft and Stripe allow.</summary>
    public static bool IsValidIdempotencyKey(string key) =>
        key.Length is > 0 and <= 255 && key.All(c => c is >= '!' and <= '~');

    /// <summary>
    /// The one Idempotency-Key the request carries, or null. The header given twice is refused, as <c>X-Api-Key</c> is:
    /// bound as a string the two lines would be joined into one key (<c>k1,k2</c>) that neither sender meant.
    /// </summary>
    private static string? ValidateIdempotencyKey(StringValues header, Dictionary<string, string[]> errors)
    {
        if (header.Count > 1)
        {
            errors[IdempotencyKeyHeader] = ["The Idempotency-Key header must be given at most once."];
            return null;
        }

        var key = header.Count == 1 ? header[0] : null;
        if (key is not null && !IsValidIdempotencyKey(key))
        {
            errors[IdempotencyKeyHeader] = ["The Idempotency-Key header must be 1-255 visible ASCII characters."];
        }

        return key;
    }

    /// <summary>A user id is 1-128 printable characters, for every factor (the TOTP endpoints use this rule too).</summary>
    internal static void ValidateUserId(string? userId, bool required, Dictionary<string, string[]> errors)
    {
        if (userId is null)
        {
            if (required)
            {
                errors["userId"] = ["userId is required."];
            }

            return;
        }

        if (!IsPrintableText(userId, MaxUserIdLength))
        {
            errors["userId"] = [$"userId must be 1-{MaxUserIdLength} printable characters."];
        }
    }

    /// <summary>
    /// 1 to <paramref name="maxCharacters"/> printable characters, not all white space. A character is a Unicode scalar
    /// value (a <see cref="System.Text.Rune"/>), as the docs count: an emoji outside the BMP is one character, not the two
    /// UTF-16 units <see cref="string.Length"/> counts.
    /// </summary>
    internal static bool IsPrintableText(string value, int maxCharacters) =>
        value.Length > 0
        && value.Length <= 2 * maxCharacters // no string longer than this can hold few enough characters: skip the scan
        && !string.IsNullOrWhiteSpace(value)
        && IsPrintable(value)
        && value.EnumerateRunes().Count() <= maxCharacters; // counted once no lone surrogate is left

    /// <summary>Printable: no control, format, private-use or unpaired surrogate characters.</summary>
    internal static bool IsPrintable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]))
            {
                if (!char.IsSurrogatePair(value, i))
                {
                    return false;
                }

                i++;
                continue;
            }

            var category = char.GetUnicodeCategory(value[i]);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strict forms only: <c>IPAddress.TryParse</c> alone would also take "1" or "0x7f.1".</summary>
    private static bool IsIpAddress(string value) =>
        value.Length <= 45
        && (Ipv4Pattern().IsMatch(value) || (value.Contains(':', StringComparison.Ordinal) && value.All(IsIpv6Char)))
        && IPAddress.TryParse(value, out _);

    /// <summary>A bare IPv6 address: no brackets, port or zone ("[::1]:443", "fe80::1%eth0" are endpoints, not addresses).</summary>
    private static bool IsIpv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}\z")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[a-z0-9_-]{1,32}\z")]
    private static partial Regex PurposePattern();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}\z")]
    private static partial Regex LocalePattern();

    [GeneratedRegex(@"^[A-Za-z0-9+/]{11}\z")]
    private static partial Regex AppHashPattern();

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}\z")]
    private static partial Regex Ipv4Pattern();
}
