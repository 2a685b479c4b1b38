using System.Text;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Channels;

/// <summary>
/// What the call says, in the request's locale like the SMS templates (<c>Delivery:VonageVoice:Templates:&lt;locale&gt;</c>
/// overrides or adds): the template with <c>{brand}</c> and <c>{digits}</c>, the code read digit by digit, slowly (SSML
/// <c>say-as characters</c> at an x-slow rate, a pause between digits), said twice. And the talk action's
/// <c>language</c> (BCP 47 with a region, as Vonage's voices are named).
/// </summary>
internal sealed class VoiceSpeech
{
    public static readonly IReadOnlyDictionary<string, string> DefaultTemplates = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "Your {brand} verification code is {digits}. Again, your code is {digits}.",
        ["es"] = "Tu clave de {brand} es {digits}. Repito, tu clave es {digits}.",
        ["fr"] = "Votre code de vérification {brand} est {digits}. Je répète, votre code est {digits}.",
        ["de"] = "Ihr {brand} Bestätigungscode lautet {digits}. Noch einmal, Ihr Code lautet {digits}.",
    };

    private static readonly Dictionary<string, string> Voices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en-US", ["es"] = "es-ES", ["fr"] = "fr-FR", ["de"] = "de-DE", ["it"] = "it-IT", ["pt"] = "pt-PT", ["nl"] = "nl-NL",
    };

    private readonly Dictionary<string, string> templates;
    private readonly string brand;

    public VoiceSpeech(IOptions<DeliveryOptions> options, IOptions<SmsOptions> sms)
    {
        brand = sms.Value.Brand;
        templates = new Dictionary<string, string>(DefaultTemplates, StringComparer.OrdinalIgnoreCase);
        foreach (var (locale, template) in options.Value.VonageVoice.Templates)
        {
            templates[locale] = template;
        }
    }

    public string Ssml(string code, string? locale)
    {
        var digits = new StringBuilder("<prosody rate=\"x-slow\">");
        foreach (var digit in code)
        {
            digits.Append("<say-as interpret-as=\"characters\">").Append(digit).Append("</say-as><break strength=\"strong\"/>");
        }

        digits.Append("</prosody>");
        var text = Template(locale).Replace("{brand}", System.Security.SecurityElement.Escape(brand), StringComparison.Ordinal)
            .Replace("{digits}", digits.ToString(), StringComparison.Ordinal);
        return "<speak>" + text + "</speak>";
    }

    /// <summary>"es-MX" as given; "es" as Spain's voice; anything unknown as US English.</summary>
    public static string Language(string? locale) =>
        locale is { Length: > 2 } && locale.Contains('-', StringComparison.Ordinal) ? locale
            : Voices.GetValueOrDefault(locale ?? "en", "en-US");

    private string Template(string? locale) =>
        locale is not null && (templates.TryGetValue(locale, out var exact) || templates.TryGetValue(locale.Split('-')[0], out exact))
            ? exact
            : templates["en"];
}
