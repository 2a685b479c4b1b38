using System.Security.Cryptography;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// One destination country of the run: its calling code, its share of the sends, what its carriers do (the share of
/// texts that fail, and the receipt that says so), and how long its receipts take (uniform in [MinMs, MaxMs]).
/// The numbers are made up to look like a plausible week, not measured anywhere.
/// </summary>
/// <param name="Mobile">The national start of a mobile number there, <paramref name="Digits"/> national digits in all: random
/// numbers elsewhere would hit the premium-rate ranges the geo rules refuse.</param>
internal sealed record Country(
    string Code, string Mobile, int Digits, int Sends, double FailShare, string FailStatus, string FailErrCode, int MinMs, int MaxMs)
{
    public static readonly Country[] Run =
    [
        new("44", "79", 10, 60, 0.03, "failed", "1", 200, 900),
        new("1", "415", 10, 50, 0.06, "expired", "5", 300, 1_500),
        new("33", "6", 9, 40, 0.10, "rejected", "9", 400, 2_000),
        new("49", "151", 11, 30, 0.02, "failed", "1", 250, 1_200),
        new("91", "9", 10, 20, 0.35, "failed", "11", 1_000, 4_000),
    ];

    /// <summary>A random mobile number in this country (per-phone limits never bind).</summary>
    public string NewPhone() =>
        "+" + Code + Mobile + string.Concat(Enumerable.Range(0, Digits - Mobile.Length).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
}
