using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.Geo;

/// <summary>
/// <c>Risk:AllowedCountryCodes</c>, <c>Risk:DeniedPrefixes</c> and <c>Risk:DeniedNumberTypes</c>: where texts may go at all.
/// </summary>
internal sealed class GeoOptions
{
    public const string Section = "Risk";

    /// <summary>
    /// The number types SMS pumping pays for: the attacker earns a share of what texts to them cost. VoIP is left out
    /// on purpose: many real users have only a VoIP number.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultDeniedNumberTypes = ["PremiumRate", "SharedCost", "PersonalNumber"];

    /// <summary>E.164 country calling codes texts may go to ("1", "44"); empty allows every country.</summary>
    public List<string> AllowedCountryCodes { get; set; } = [];

    /// <summary>E.164 prefixes never texted, such as premium-rate ranges ("+881", "+44909").</summary>
    public List<string> DeniedPrefixes { get; set; } = [];

    /// <summary>
    /// Number types never texted (<see cref="NumberTypeNames"/>). Null (not configured) means
    /// <see cref="DefaultDeniedNumberTypes"/>; a configured list replaces it. Blank entries are ignored, so an empty list
    /// or one blank entry (<c>Risk:DeniedNumberTypes:0=</c>) denies no type. Null rather than an initialised list
    /// because the configuration binder adds to a list it finds instead of replacing it. Types match exactly: where
    /// libphonenumber cannot tell landlines from mobiles (NANP) a number is FixedLineOrMobile, which FixedLine does not deny.
    /// </summary>
    public List<string>? DeniedNumberTypes { get; set; }

    public IEnumerable<string> EffectiveDeniedNumberTypes =>
        (DeniedNumberTypes ?? DefaultDeniedNumberTypes).Where(name => !string.IsNullOrWhiteSpace(name));
}

internal sealed class GeoOptionsValidator : IValidateOptions<GeoOptions>
{
    public ValidateOptionsResult Validate(string? name, GeoOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedCountryCodes.Count; i++)
        {
            if (!Destination.IsAssignedCallingCode(options.AllowedCountryCodes[i]))
            {
                failures.Add($"Risk:AllowedCountryCodes:{i} '{options.AllowedCountryCodes[i]}' is not an assigned E.164 country calling code.");
            }
        }

        for (var i = 0; i < options.DeniedPrefixes.Count; i++)
        {
            var prefix = options.DeniedPrefixes[i].TrimStart('+');
            if (prefix.Length is 0 or > 15 || !prefix.All(char.IsAsciiDigit))
            {
                failures.Add($"Risk:DeniedPrefixes:{i} must be '+' and 1-15 digits.");
            }
        }

        var types = options.DeniedNumberTypes ?? [];
        for (var i = 0; i < types.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(types[i]) && !NumberTypeNames.TryParse(types[i], out _))
            {
                failures.Add($"Risk:DeniedNumberTypes:{i} '{types[i]}' is not a phone number type; use one of {NumberTypeNames.All} (or one blank entry to deny none).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
