using PhoneNumbers;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Risk.Geo;

/// <summary>
/// A phone number in the one form every rule sees: the resend cooldown, the limits and pumping brakes, geo permissions,
/// the SIM-swap lookup and its cache, delivery tracking, and the text itself. "+4407911123457" and "+44007911123457" are
/// "+447911123457" to all of them, so a national trunk prefix written after the calling code buys no second identity.
/// <para>The only way to make one is <see cref="Of"/>, which request validation calls once per send: nothing after it
/// can see the caller's spelling. The parse it makes is kept in <see cref="Destination"/>, so classifying the number
/// costs no second parse.</para>
/// </summary>
internal sealed class CanonicalPhone
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private CanonicalPhone(string e164, Destination destination)
    {
        E164 = e164;
        Destination = destination;
    }

    /// <summary>"+447911123457": '+' then 8-15 digits, the first not 0.</summary>
    public string E164 { get; }

    public Destination Destination { get; }

    /// <summary>
    /// libphonenumber's E.164 form of <paramref name="strictE164"/>: it drops a national trunk prefix written after the
    /// calling code (UK "+44 0…", France "+33 0…", NANP "+1 1…") and keeps the leading zeros that belong to the number
    /// (Italy "+39 06…"). It is applied until it changes nothing ("+44 00 7911…" loses one zero per pass), so the form is
    /// its own canonical form. A number libphonenumber cannot read, or whose reading is not a possible number of its
    /// country (a wrong length), is kept as written: the strict E.164 rule it already passed is all that applies to it.
    /// </summary>
    /// <param name="strictE164">A number that passed the strict E.164 rule ('+' then 8-15 digits, the first not 0).</param>
    public static CanonicalPhone Of(string strictE164)
    {
        if (!Destination.TryParse(strictE164, out var parsed))
        {
            return new CanonicalPhone(strictE164, Destination.Unparsed(strictE164));
        }

        var formatted = Util.Format(parsed, PhoneNumberFormat.E164);
        if (formatted == strictE164)
        {
            return new CanonicalPhone(strictE164, Destination.Of(parsed)); // the usual case: already canonical, one parse
        }

        return Reparsed(formatted) is ({ } canonical, { } reading)
            ? new CanonicalPhone(canonical, Destination.Of(reading))
            : new CanonicalPhone(strictE164, Destination.Of(parsed));
    }

    /// <summary>The number as logs show it, never more: "+**********57".</summary>
    public string Masked => Redact.Phone(E164);

    /// <summary>Masked, so that a record holding the number (<c>SendCommand</c>) cannot print it whole.</summary>
    public override string ToString() => Masked;

    /// <summary>Parses <paramref name="formatted"/> again until its E.164 form stops changing; each pass strips at most
    /// one trunk prefix, so the passes are bounded by the digits. Null when the end is not a possible number.</summary>
    private static (string? E164, PhoneNumber? Parsed) Reparsed(string formatted)
    {
        for (var pass = 0; pass < MaxDigits; pass++)
        {
            if (!Destination.TryParse(formatted, out var parsed))
            {
                return default;
            }

            var again = Util.Format(parsed, PhoneNumberFormat.E164);
            if (again == formatted)
            {
                return IsStrictLength(formatted) && Util.IsPossibleNumber(parsed) ? (formatted, parsed) : default;
            }

            formatted = again;
        }

        return default;
    }

    private const int MaxDigits = 15;

    /// <summary>E.164's 8-15 digits after the '+'; the calling code's first digit is never 0.</summary>
    private static bool IsStrictLength(string e164) => e164.Length - 1 is >= 8 and <= MaxDigits;
}
