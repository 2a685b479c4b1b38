using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Channels;

/// <summary>Refuses to start with a channel set-up that could not deliver, naming the key at fault (never a secret's value).</summary>
internal sealed partial class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public const int MinSignatureSecretBytes = 32;

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var failures = new List<string>();
        foreach (var channel in options.Channels.Keys.Where(c => !ChannelNames.IsKnown(c.ToLowerInvariant())))
        {
            failures.Add($"Delivery:Channels:{channel} is not a channel; use sms, voice or whatsapp.");
        }

        var defaults = options.DefaultChannelOrder;
        if (defaults.Count == 0 || defaults.Any(c => !ChannelNames.IsKnown(c)) || defaults.Distinct().Count() != defaults.Count)
        {
            failures.Add("Delivery:DefaultChannels must list sms, voice or whatsapp, each at most once.");
        }
        else if (!defaults.Any(options.IsEnabled))
        {
            failures.Add("Delivery:DefaultChannels names no enabled channel (Delivery:Channels:<channel>:Enabled).");
        }

        if (options.ChannelTimeout < TimeSpan.FromSeconds(1) || options.ChannelTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Delivery:ChannelTimeout must be between 1 s and 10 min.");
        }

        if (options.UsesVonageApplication)
        {
            ValidateApplication(options.Vonage, failures);
        }

        if (options.IsEnabled(ChannelNames.Voice))
        {
            if (options.VonageVoice.From is null || !NumberPattern().IsMatch(options.VonageVoice.From))
            {
                failures.Add("Delivery:VonageVoice:From must be the calling number, 7-15 digits without '+', when voice is enabled.");
            }

            if (options.VonageVoice.EventUrl is not { IsAbsoluteUri: true, Scheme: "https" or "http" })
            {
                failures.Add("Delivery:VonageVoice:EventUrl must be the absolute http(s) URL of /webhooks/vonage/voice-event when voice is enabled.");
            }

            foreach (var (locale, template) in options.VonageVoice.Templates)
            {
                if (!template.Contains("{digits}", StringComparison.Ordinal) || template.Length > 500)
                {
                    failures.Add($"Delivery:VonageVoice:Templates:{locale} must contain {{digits}} and be at most 500 characters.");
                }
            }
        }

        if (options.IsEnabled(ChannelNames.WhatsApp))
        {
            if (options.WhatsApp.From is null || !NumberPattern().IsMatch(options.WhatsApp.From))
            {
                failures.Add("Delivery:WhatsApp:From must be the WhatsApp Business number, 7-15 digits without '+', when WhatsApp is enabled.");
            }

            if (string.IsNullOrWhiteSpace(options.WhatsApp.TemplateName) || options.WhatsApp.TemplateName.Length > 512)
            {
                failures.Add("Delivery:WhatsApp:TemplateName (the approved authentication template) is required when WhatsApp is enabled.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateApplication(VonageApplicationOptions vonage, List<string> failures)
    {
        if (vonage.BaseUrl is not { IsAbsoluteUri: true, Scheme: "https" or "http" })
        {
            failures.Add("Delivery:Vonage:BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(vonage.ApplicationId))
        {
            failures.Add("Delivery:Vonage:ApplicationId is required when voice or WhatsApp is enabled.");
        }

        if (string.IsNullOrWhiteSpace(vonage.PrivateKeyPath))
        {
            failures.Add("Delivery:Vonage:PrivateKeyPath (a PEM file with the Vonage application's private key) is required when voice or WhatsApp is enabled.");
        }
        else if (VonagePrivateKey.Problem(vonage.PrivateKeyPath) is { } problem)
        {
            failures.Add($"Delivery:Vonage:PrivateKeyPath: {problem}");
        }

        if (vonage.SignatureSecret is null || Encoding.UTF8.GetByteCount(vonage.SignatureSecret) < MinSignatureSecretBytes)
        {
            failures.Add($"Delivery:Vonage:SignatureSecret must be at least {MinSignatureSecretBytes} bytes when voice or WhatsApp is enabled (it authenticates their webhooks).");
        }
    }

    [GeneratedRegex(@"^[1-9][0-9]{6,14}\z")]
    private static partial Regex NumberPattern();
}
