using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureOtp.Api.Otp.Transactions;

/// <summary>
/// The rules for <c>transaction</c> (send and verify alike), and its canonical form. A field that breaks them is named in
/// the 400's <c>errors</c> as <c>transaction.amount</c>, <c>transaction.currency</c> or <c>transaction.payee</c>.
/// </summary>
internal static partial class TransactionValidation
{
    /// <summary>Characters of the amount as sent, leading zeros included: room for any real payment, no room for abuse.</summary>
    public const int MaxAmountLength = 24;

    /// <summary>Digits before the decimal point, leading zeros not counted: up to 999 trillion, within decimal's exact range.</summary>
    public const int MaxIntegerDigits = 15;

    public const int MaxPayeeLength = 64;

    /// <summary>The canonical transaction, or null when the request has none or it breaks a rule (then in <paramref name="errors"/>).</summary>
    public static PaymentTransaction? Validate(TransactionDetails? details, Dictionary<string, string[]> errors)
    {
        if (details is null)
        {
            return null;
        }

        var hasMinorUnit = TryCurrency(details.Currency, errors, out var minorUnit);
        var amount = hasMinorUnit ? CanonicalAmount(details.Amount, minorUnit, errors) : CheckAmountShape(details.Amount, errors);
        var payeeValid = CheckPayee(details.Payee, errors);
        return amount is not null && hasMinorUnit && payeeValid ? new PaymentTransaction(amount, details.Currency!, details.Payee!) : null;
    }

    private static bool TryCurrency(string? currency, Dictionary<string, string[]> errors, out int minorUnit)
    {
        minorUnit = 0;
        if (currency is null || !Iso4217.TryGetMinorUnit(currency, out minorUnit))
        {
            errors["transaction.currency"] = ["transaction.currency must be an ISO 4217 currency code in use, in upper case, such as 'EUR'."];
            return false;
        }

        return true;
    }

    /// <summary>Only the shape, when the currency (and so the digits allowed) is unknown: the caller learns every fault at once.</summary>
    private static string? CheckAmountShape(string? amount, Dictionary<string, string[]> errors)
    {
        if (amount is null || amount.Length > MaxAmountLength || !AmountPattern().IsMatch(amount))
        {
            errors["transaction.amount"] = [AmountRule];
        }

        return null;
    }

    /// <summary>
    /// "49.9" → "49.90" (EUR), "007" → "7" (JPY): the integer part without leading zeros, then exactly the currency's
    /// minor-unit digits, so every spelling of one amount binds the same code.
    /// </summary>
    internal static string? CanonicalAmount(string? amount, int minorUnit, Dictionary<string, string[]> errors)
    {
        if (amount is null || amount.Length > MaxAmountLength || !AmountPattern().IsMatch(amount))
        {
            errors["transaction.amount"] = [AmountRule];
            return null;
        }

        var point = amount.IndexOf('.', StringComparison.Ordinal);
        var integer = (point < 0 ? amount : amount[..point]).TrimStart('0');
        var fraction = point < 0 ? "" : amount[(point + 1)..];
        if (fraction.Length > minorUnit)
        {
            errors["transaction.amount"] = [string.Create(CultureInfo.InvariantCulture,
                $"transaction.amount may have at most {minorUnit} digits after the decimal point for this currency.")];
            return null;
        }

        if (integer.Length > MaxIntegerDigits)
        {
            errors["transaction.amount"] = [string.Create(CultureInfo.InvariantCulture, $"transaction.amount may have at most {MaxIntegerDigits} digits before the decimal point.")];
            return null;
        }

        if (integer.Length == 0 && fraction.All(c => c == '0'))
        {
            errors["transaction.amount"] = ["transaction.amount must be greater than zero."];
            return null;
        }

        var canonical = integer.Length == 0 ? "0" : integer;
        return minorUnit == 0 ? canonical : canonical + "." + fraction.PadRight(minorUnit, '0');
    }

    /// <summary>
    /// 1-64 printable characters (no control, format — bidi overrides and isolates, zero-width characters — private-use or
    /// unassigned ones), with no white space at either end and no combining mark first (it would fuse with the text before
    /// it): what the text shows the user must be what was bound. The payee is bound code point for code point, unnormalized:
    /// the service runs with invariant globalization, where .NET does not normalize non-ASCII text, so callers send NFC.
    /// </summary>
    private static bool CheckPayee(string? payee, Dictionary<string, string[]> errors)
    {
        if (payee is null
            || !RequestValidation.IsPrintableText(payee, MaxPayeeLength)
            || char.IsWhiteSpace(payee[0])
            || char.IsWhiteSpace(payee[^1])
            || Rune.GetUnicodeCategory(Rune.GetRuneAt(payee, 0)) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            errors["transaction.payee"] = [$"transaction.payee must be 1-{MaxPayeeLength} printable characters, without white space at either end."];
            return false;
        }

        return true;
    }

    private const string AmountRule = "transaction.amount must be a positive decimal number such as '49.99': ASCII digits, at most one '.', no sign, exponent or separators.";

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\z")]
    private static partial Regex AmountPattern();
}
