using System.Text;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms;

/// <summary>
/// Renders the text: brand, code and minutes to expiry in the user's language, and nothing else sensitive. Optional
/// trailers: the Android SMS Retriever app hash, then (last, as the WebOTP spec requires) <c>@domain #code</c>.
/// Templates use <c>{code}</c>, <c>{brand}</c> and <c>{minutes}</c>; a deployment may override or add any locale
/// under <c>Sms:Templates:&lt;locale&gt;</c>.
/// </summary>
internal sealed class SmsTextComposer
{
    public const string DefaultLocale = "en";

    /// <summary>GSM-7 characters only (é, ä, ü are in it; ó is not), so each fits one 160-character part even with a
    /// 10-digit code and a 30-character brand.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultTemplates = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "{code} is your {brand} verification code. It expires in {minutes} min. Never share it.",
        ["es"] = "{code} es tu clave de {brand}. Caduca en {minutes} min. No la compartas con nadie.",
        ["fr"] = "{code} est votre code de vérification {brand}. Il expire dans {minutes} min. Ne le partagez pas.",
        ["de"] = "{code} ist Ihr {brand} Bestätigungscode. Er läuft in {minutes} Min. ab. Geben Sie ihn nicht weiter.",
    };

    /// <summary>
    /// For a code bound to a payment: also <c>{amount}</c> (written as the language writes money, <see
    /// cref="SmsPayment.FormatAmount"/>) and <c>{payee}</c>. GSM-7 like the others: with a 10-digit code, a 30-character
    /// brand, the longest amount and a 64-character payee a text is at most 200 characters, so 2 GSM-7 parts, or 3 UCS-2
    /// parts when the payee forces UCS-2 (4 if it is made of characters beyond the BMP, such as emoji).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultPaymentTemplates = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "{code} is your {brand} code to pay {amount} to {payee}. It expires in {minutes} min. Never share it.",
        ["es"] = "{code} es tu clave de {brand} para pagar {amount} a {payee}. Caduca en {minutes} min. No la compartas.",
        ["fr"] = "{code} est votre code {brand} pour payer {amount} à {payee}. Valable {minutes} min. Ne le partagez pas.",
        ["de"] = "{code} ist Ihr {brand} Code zur Zahlung von {amount} an {payee}. Gültig {minutes} Min. Nie weitergeben.",
    };

    private readonly Dictionary<string, string> templates;
    private readonly Dictionary<string, string> paymentTemplates;
    private readonly SmsOptions options;

    public SmsTextComposer(IOptions<SmsOptions> options)
    {
        this.options = options.Value;
        templates = WithOverrides(DefaultTemplates, this.options.Templates);
        paymentTemplates = WithOverrides(DefaultPaymentTemplates, this.options.PaymentTemplates);
    }

    public IReadOnlyCollection<string> Locales => templates.Keys;

    /// <param name="payment">The payment the code is bound to, named in the text; null for a plain code.</param>
    public string Compose(string code, string? locale, TimeSpan ttl, string? appHash, SmsPayment? payment = null)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(ttl.TotalMinutes));
        var (template, language) = TemplateFor(payment is null ? templates : paymentTemplates, locale);
        var text = new StringBuilder(template)
            .Replace("{code}", code)
            .Replace("{brand}", options.Brand)
            .Replace("{minutes}", minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (payment is not null)
        {
            // The payee last: the caller's text is never searched for placeholders.
            text.Replace("{amount}", payment.FormatAmount(language)).Replace("{payee}", payment.Payee);
        }
        if (!string.IsNullOrEmpty(appHash))
        {
            text.Append('\n').Append(appHash);
        }

        if (!string.IsNullOrEmpty(options.WebOtpDomain))
        {
            text.Append("\n@").Append(options.WebOtpDomain).Append(" #").Append(code);
        }

        return text.ToString();
    }

    /// <summary>"es-MX" falls back to "es", anything unknown to "en"; with the language of the template chosen.</summary>
    private static (string Template, string Language) TemplateFor(Dictionary<string, string> templates, string? locale)
    {
        if (locale is not null && templates.TryGetValue(locale, out var exact))
        {
            return (exact, locale.Split('-')[0]);
        }

        var language = locale?.Split('-')[0];
        return language is not null && templates.TryGetValue(language, out var byLanguage)
            ? (byLanguage, language)
            : (templates[DefaultLocale], DefaultLocale);
    }

    private static Dictionary<string, string> WithOverrides(IReadOnlyDictionary<string, string> shipped, Dictionary<string, string> configured)
    {
        var merged = new Dictionary<string, string>(shipped, StringComparer.OrdinalIgnoreCase);
        foreach (var (locale, template) in configured)
        {
            merged[locale] = template;
        }

        return merged;
    }
}
