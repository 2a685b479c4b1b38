using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.Geo;

/// <summary><c>Risk:AllowedCountryCodes</c> and <c>Risk:DeniedPrefixes</c>: where texts may go at all.</summary>
internal sealed class GeoOptions
{
    public const string Section = "Risk";

    /// <summary>E.164 country calling codes texts may go to ("1", "44"); empty allows every country.</summary>
    public List<string> AllowedCountryCodes { get; set; } = [];

    /// <summary>E.164 prefixes never texted, such as premium-rate ranges ("+881", "+44909").</summary>
    public List<string> DeniedPrefixes { get; set; } = [];
}

internal sealed class GeoOptionsValidator : IValidateOptions<GeoOptions>
{
    public ValidateOptionsResult Validate(string? name, GeoOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedCountryCodes.Count; i++)
        {
            if (!CountryCallingCodes.IsAssigned(options.AllowedCountryCodes[i].TrimStart('+')))
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Decides, before anything is stored or sent, whether a number may be texted at all.</summary>
internal sealed class GeoPermissions(IOptions<GeoOptions> options)
{
    private readonly HashSet<string> allowed = [.. options.Value.AllowedCountryCodes.Select(c => c.TrimStart('+'))];
    private readonly string[] denied = [.. options.Value.DeniedPrefixes.Select(p => p.TrimStart('+'))];

    public bool IsAllowed(string e164)
    {
        var digits = e164.TrimStart('+');
        if (denied.Any(p => digits.StartsWith(p, StringComparison.Ordinal)))
        {
            return false;
        }

        return allowed.Count == 0 || (CountryCallingCodes.Of(e164) is { } code && allowed.Contains(code));
    }
}
