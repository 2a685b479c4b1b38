namespace SecureOtp.Api.Telemetry;

/// <summary>The one place that decides how personal data looks in logs and dev views.</summary>
internal static class Redact
{
    /// <summary>"+14155550100" → "+*********00": enough to tell two numbers apart in a support call, no more.</summary>
    public static string Phone(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || e164.Length < 3)
        {
            return "***";
        }

        var digits = e164.StartsWith('+') ? e164[1..] : e164;
        return "+" + new string('*', Math.Max(0, digits.Length - 2)) + digits[^2..];
    }
}
