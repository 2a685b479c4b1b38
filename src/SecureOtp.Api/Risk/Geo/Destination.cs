using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PhoneNumbers;

namespace SecureOtp.Api.Risk.Geo;

/// <summary>
/// Where a number goes, from libphonenumber's metadata: its country calling code and number type (premium rate, mobile,
/// VoIP...). It classifies and never validates: libphonenumber calls the fictitious ranges that tests and docs use
/// (+44 7700 900xxx, +1 555 01xx) invalid, and its parser accepts what E.164 does not ("+1-800-FLOWERS"), so the 400
/// rule stays RequestValidation's strict pattern and a number it cannot place is simply of type Unknown.
/// </summary>
internal readonly record struct Destination
{
    /// <summary>"+999…": no assigned calling code, so no metadata to classify by.</summary>
    public static readonly Destination Unassigned = new(0, null);

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The parse the send already made (see <see cref="CanonicalPhone"/>), kept so that the type and the region
    /// are worked out from it only when a rule asks (the type costs a match against the region's patterns).</summary>
    private readonly PhoneNumber? number;

    private Destination(int callingCode, PhoneNumber? number)
    {
        CallingCode = callingCode;
        this.number = number;
    }

    /// <summary>The E.164 country calling code (44), 0 when no assigned code starts the number.</summary>
    public int CallingCode { get; }

    /// <summary>libphonenumber's type (premium rate, mobile...), Unknown when it cannot place the number. Worked out on
    /// each read: read it once.</summary>
    public PhoneNumberType Type => number is null ? PhoneNumberType.UNKNOWN : Util.GetNumberType(number);

    /// <summary>ISO 3166 region ("GB", "US"), "001" for a global service (+800, +881), "ZZ" when the number fits none.</summary>
    public string Region => number is null ? UnknownRegion : Util.GetRegionCodeForNumber(number) ?? UnknownRegion;

    /// <summary>The calling code as a label for limit keys and metrics: "44", or "unknown" when no assigned code starts
    /// the number. About 230 values in all.</summary>
    public string CountryLabel => CallingCode == 0 ? UnknownCountry : CallingCode.ToString(CultureInfo.InvariantCulture);

    private const string UnknownRegion = "ZZ";

    /// <param name="e164">A number that passed the strict E.164 rule ('+' then 8-15 digits).</param>
    public static Destination Of(string e164) => TryParse(e164, out var parsed) ? Of(parsed) : Unparsed(e164);

    /// <summary>What libphonenumber read, for a number it could parse.</summary>
    public static Destination Of(PhoneNumber parsed) => new(parsed.CountryCode, parsed);

    /// <summary>A number libphonenumber could not parse: its calling code, when an assigned one starts it, and nothing else.</summary>
    public static Destination Unparsed(string e164) => new(CallingCodeOf(e164), null);

    /// <summary>libphonenumber's reading of an E.164 string; false (without the exception's cost where it can be seen
    /// coming) when it has none.</summary>
    public static bool TryParse(string e164, [NotNullWhen(true)] out PhoneNumber? parsed)
    {
        parsed = null;
        if (CallingCodeOf(e164) == 0)
        {
            return false; // parsing would throw, and exceptions are too dear for a request path
        }

        try
        {
            parsed = Util.Parse(e164, null);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public const string UnknownCountry = "unknown";

    /// <summary>
    /// "+447700900123" → 44, 0 when no assigned code starts the number. Calling codes are prefix-free, so the first
    /// 1-3 digit prefix that libphonenumber knows is the code (its parser looks it up the same way), without a parse.
    /// </summary>
    public static int CallingCodeOf(string e164)
    {
        var code = 0;
        for (var i = 1; i <= 3 && i < e164.Length && char.IsAsciiDigit(e164[i]); i++)
        {
            code = (code * 10) + (e164[i] - '0');
            if (IsAssigned(code))
            {
                return code;
            }
        }

        return 0;
    }

    /// <summary>"44" or "+44" → true; the form <c>Risk:AllowedCountryCodes</c> takes.</summary>
    public static bool IsAssignedCallingCode(string code)
    {
        var digits = code.StartsWith('+') ? code[1..] : code;
        return digits.Length is >= 1 and <= 3 && digits[0] != '0' && digits.All(char.IsAsciiDigit)
            && IsAssigned(int.Parse(digits, CultureInfo.InvariantCulture));
    }

    private static bool IsAssigned(int code) => Util.GetRegionCodeForCountryCode(code) != UnknownRegion;
}
