using System.Globalization;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace SecureOtp.Api.Risk.Geo;

/// <summary>Decides, before anything is stored or sent, whether a number may be texted at all.</summary>
internal sealed class GeoPermissions(IOptions<GeoOptions> options)
{
    private readonly HashSet<int> allowed =
        [.. options.Value.AllowedCountryCodes.Select(c => int.Parse(c.TrimStart('+'), CultureInfo.InvariantCulture))];

    private readonly string[] denied = [.. options.Value.DeniedPrefixes.Select(p => p.TrimStart('+'))];

    private readonly HashSet<PhoneNumberType> deniedTypes = [.. options.Value.EffectiveDeniedNumberTypes.Select(NumberTypeNames.Parse)];

    /// <summary>
    /// Null when the number may be texted; otherwise which setting refused it, for the audit line
    /// ("rule=DeniedNumberTypes type=PremiumRate region=GB"). Never the number itself.
    /// </summary>
    public string? Refusal(string e164)
    {
        var digits = e164.AsSpan(1);
        foreach (var prefix in denied)
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                return "rule=DeniedPrefixes";
            }
        }

        if (allowed.Count > 0 && !allowed.Contains(Destination.CallingCodeOf(e164)))
        {
            return "rule=AllowedCountryCodes";
        }

        if (deniedTypes.Count == 0)
        {
            return null; // nothing left that needs the number's type: skip the parse
        }

        var destination = Destination.Of(e164);
        return deniedTypes.Contains(destination.Type)
            ? $"rule=DeniedNumberTypes type={NumberTypeNames.Of(destination.Type)} region={destination.Region}"
            : null;
    }
}
