using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp.TestNumbers;

/// <summary>
/// Refuses to start on a test number that could not work as configured: an unknown tenant, a number send would refuse, a
/// code of the wrong form, an unreadable ValidUntil, a number listed twice. Messages name the key, never the code or the
/// number (both are secrets of a sort: the pair opens any account that sends to it).
/// </summary>
internal sealed partial class TestNumberOptionsValidator(IOptions<OtpOptions> otp, IOptions<AuthOptions> auth) : IValidateOptions<TestNumberOptions>
{
    public ValidateOptionsResult Validate(string? name, TestNumberOptions options)
    {
        var failures = new List<string>();
        var tenants = auth.Value.Tenants.ToHashSet(StringComparer.Ordinal);
        foreach (var (tenant, numbers) in options.Tenants)
        {
            if (!tenants.Contains(tenant))
            {
                failures.Add($"TestNumbers:{tenant} names no tenant: use a client's name or its Auth:ApiKeys:<client>:Tenant.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (n, setting) in numbers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Validate($"TestNumbers:{tenant}:{n}", setting, seen, failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Validate(string key, TestNumberSetting setting, HashSet<string> seen, List<string> failures)
    {
        if (setting.Number is null || !RequestValidation.IsE164(setting.Number))
        {
            failures.Add($"{key}:Number must be E.164: '+' then 8 to 15 digits, the first not 0.");
        }
        else if (!seen.Add(CanonicalPhone.Of(setting.Number).E164))
        {
            failures.Add($"{key}:Number is listed twice for this tenant (in its canonical form).");
        }

        var length = otp.Value.CodeLength;
        if (setting.Code is null || !CodeGenerator.IsWellFormed(setting.Code, length))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Code must be exactly {length} ASCII digits (Otp:CodeLength)."));
        }

        if (setting.ValidUntil is not null && TryParseInstant(setting.ValidUntil) is null)
        {
            failures.Add($"{key}:ValidUntil must be an ISO 8601 date or date and time, such as 2027-01-31 or 2027-01-31T18:00:00Z.");
        }
    }

    /// <summary>An ISO 8601 date or date-time; UTC when it names no offset.</summary>
    public static DateTimeOffset? TryParseInstant(string value) =>
        IsoDate().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?\z")]
    private static partial Regex IsoDate();
}
