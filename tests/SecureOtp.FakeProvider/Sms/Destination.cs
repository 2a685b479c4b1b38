namespace SecureOtp.FakeProvider.Sms;

/// <summary>A destination number as Vonage wants it: E.164 digits without the '+'.</summary>
internal static class Destination
{
    /// <summary>
    /// The key for counting and filtering. A leading '+' is dropped so that a test asking about "+447700900000" sees the
    /// requests for "447700900000"; the send itself still rejects a '+' (status 3) as Vonage does.
    /// </summary>
    public static string? Normalize(string? to)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            return null;
        }

        var trimmed = to.Trim();
        return trimmed.StartsWith('+') ? trimmed[1..] : trimmed;
    }

    /// <summary>7 to 15 ASCII digits: the length range of an E.164 number with its country code.</summary>
    public static bool IsValid(string? to) =>
        to is { Length: >= 7 and <= 15 } && to.All(char.IsAsciiDigit);

    /// <summary>Only the last four digits go to the log: enough to tell test numbers apart.</summary>
    public static string Mask(string? to) =>
        to is null ? "(none)" : to.Length <= 4 ? "****" : "…" + to[^4..];
}
