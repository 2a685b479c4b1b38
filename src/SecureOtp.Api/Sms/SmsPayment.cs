using System.Globalization;

namespace SecureOtp.Api.Sms;

/// <summary>
/// The payment a text names (PSD2 dynamic linking): <paramref name="Amount"/> canonical ("49.90", exactly the currency's
/// minor-unit digits), <paramref name="Currency"/> its ISO 4217 code, <paramref name="Payee"/> as validated.
/// </summary>
internal sealed record SmsPayment(string Amount, string Currency, string Payee)
{
    /// <summary>
    /// The amount as the text's language writes money: "€49.99" (en), "49,99 €" (de, es, fr); "CHF 49.99" / "49,99 CHF"
    /// for currencies without an unambiguous symbol ("$" and "¥" each name several). The service runs with invariant
    /// globalization (no culture data), so the few languages the shipped templates speak are described here; separators
    /// are plain ASCII (French groups with a space, not CLDR's narrow no-break space), so a GSM-7 text stays GSM-7.
    /// Any other language writes amounts as English does.
    /// </summary>
    public string FormatAmount(string language)
    {
        var point = Amount.IndexOf('.', StringComparison.Ordinal);
        var symbol = Currency switch { "EUR" => "€", "GBP" => "£", _ => null };
        var (decimalSeparator, groupSeparator, symbolFirst) = language.ToUpperInvariant() switch
        {
            "DE" or "ES" => (",", ".", false),
            "FR" => (",", " ", false),
            _ => (".", ",", true),
        };
        var format = new NumberFormatInfo
        {
            CurrencyDecimalDigits = point < 0 ? 0 : Amount.Length - point - 1,
            CurrencyDecimalSeparator = decimalSeparator,
            CurrencyGroupSeparator = groupSeparator,
            CurrencySymbol = symbol ?? Currency,

            // "€49.99" and "CHF 49.99" (English), "49,99 €" (the others).
            CurrencyPositivePattern = symbolFirst ? (symbol is null ? 2 : 0) : 3,
        };
        return decimal.Parse(Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture).ToString("C", format);
    }
}
