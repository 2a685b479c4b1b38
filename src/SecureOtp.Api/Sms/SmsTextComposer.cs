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

    private readonly Dictionary<string, string> templates;
    private readonly SmsOptions options;

    public SmsTextComposer(IOptions<SmsOptions> options)
    {
        this.options = options.Value;
        templates = new Dictionary<string, string>(DefaultTemplates, StringComparer.OrdinalIgnoreCase);
        foreach (var (locale, template) in this.options.Templates)
        {
            templates[locale] = template;
        }
    }

    public IReadOnlyCollection<string> Locales => templates.Keys;

    public string Compose(string code, string? locale, TimeSpan ttl, string? appHash)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(ttl.TotalMinutes));
        var text = new StringBuilder(TemplateFor(locale))
            .Replace("{code}", code)
            .Replace("{brand}", options.Brand)
            .Replace("{minutes}", minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    /// <summary>"es-MX" falls back to "es", anything unknown to "en".</summary>
    private string TemplateFor(string? locale)
    {
        if (locale is null)
        {
            return templates[DefaultLocale];
        }

        if (templates.TryGetValue(locale, out var exact))
        {
            return exact;
        }

        return templates.TryGetValue(locale.Split('-')[0], out var byLanguage) ? byLanguage : templates[DefaultLocale];
    }
}
