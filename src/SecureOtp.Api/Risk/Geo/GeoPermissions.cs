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
    /// ("rule=DeniedNumberTypes type=PremiumRate region=GB"). Never the number itself. Prefixes are matched against the
    /// canonical form, so "+4479119" also refuses "+44079119…".
    /// </summary>
    public string? Refusal(CanonicalPhone phone)
    {
        var digits = phone.E164.AsSpan(1);
        foreach (var prefix in denied)
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                return "rule=DeniedPrefixes";
            }
        }

        var destination = phone.Destination;
        if (allowed.Count > 0 && !allowed.Contains(destination.CallingCode))
        {
            return "rule=AllowedCountryCodes";
        }

        if (deniedTypes.Count == 0)
        {
            return null; // nothing left that needs the number's type: skip matching the region's patterns
        }

        var type = destination.Type;
        return deniedTypes.Contains(type)
            ? $"rule=DeniedNumberTypes type={NumberTypeNames.Of(type)} region={destination.Region}"
            : null;
    }
}
