namespace SecureOtp.Api.Risk.Geo;

/// <summary>
/// The E.164 country calling codes, shipped as data (<c>country-calling-codes.txt</c>) because no phone-number library
/// restores here. The set is prefix-free, so a number's calling code is the one assigned code it starts with.
/// </summary>
internal static class CountryCallingCodes
{
    private static readonly HashSet<string> Codes = Load();

    public static int Count => Codes.Count;

    public static bool IsAssigned(string code) => Codes.Contains(code);

    /// <summary>"+447700900123" → "44"; null when the number starts with no assigned code.</summary>
    public static string? Of(string e164)
    {
        var digits = e164.AsSpan().TrimStart('+');
        for (var length = 1; length <= 3 && length <= digits.Length; length++)
        {
            var candidate = digits[..length].ToString();
            if (Codes.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CountryCallingCodes).Assembly.GetManifestResourceStream("SecureOtp.Data.country-calling-codes.txt")
            ?? throw new InvalidOperationException("The embedded country calling code table is missing.");
        using var reader = new StreamReader(stream);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                codes.Add(line.Split(' ', 2)[0]);
            }
        }

        return codes;
    }
}
