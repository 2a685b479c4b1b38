using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms;

/// <summary>
/// Renders the text: brand, code and minutes to expiry in the user's language, and nothing else sensitive. Optional
/// trailers: the Android SMS Retriever app hash, then (last, as the WebOTP spec requires) <c>@domain #code</c>.
/// </summary>
internal sealed class SmsTextComposer(IOptions<SmsOptions> options)
{
    // {0} code, {1} brand, {2} minutes. GSM-7 characters only (é, ä, ü are in it; ó is not), so each fits one 160-char part.
    private static readonly Dictionary<string, string> Templates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "{0} is your {1} verification code. It expires in {2} min. Never share it.",
        ["es"] = "{0} es tu clave de {1}. Caduca en {2} min. No la compartas con nadie.",
        ["fr"] = "{0} est votre code de vérification {1}. Il expire dans {2} min. Ne le partagez pas.",
        ["de"] = "{0} ist Ihr {1} Bestätigungscode. Er läuft in {2} Min. ab. Geben Sie ihn nicht weiter.",
    };

    public static IReadOnlyCollection<string> Locales => Templates.Keys;

    public string Compose(string code, string? locale, TimeSpan ttl, string? appHash)
    {
        var o = options.Value;
        var minutes = Math.Max(1, (int)Math.Ceiling(ttl.TotalMinutes));
        var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture, TemplateFor(locale), code, o.Brand, minutes));
        if (!string.IsNullOrEmpty(appHash))
        {
            text.Append('\n').Append(appHash);
        }

        if (!string.IsNullOrEmpty(o.WebOtpDomain))
        {
            text.Append("\n@").Append(o.WebOtpDomain).Append(" #").Append(code);
        }

        return text.ToString();
    }

    /// <summary>"es-MX" falls back to "es", anything unknown to "en".</summary>
    private static string TemplateFor(string? locale)
    {
        if (locale is null)
        {
            return Templates["en"];
        }

        if (Templates.TryGetValue(locale, out var exact))
        {
            return exact;
        }

        var language = locale.Split('-')[0];
        return Templates.TryGetValue(language, out var byLanguage) ? byLanguage : Templates["en"];
    }
}
