using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Channels;

/// <summary>
/// <c>Delivery:*</c>: which channels a code may take and how the two Vonage application channels (voice, WhatsApp) reach
/// Vonage. SMS keeps its own settings under <c>Sms:*</c>; this section only switches it on or off.
/// </summary>
internal sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>
    /// <c>Delivery:DefaultChannels</c> as configured, null when not. Null rather than a default list: the configuration
    /// binder appends to a list it finds, so <c>Delivery:DefaultChannels:0=voice</c> would bind as [sms, voice] and a
    /// configured [sms] as [sms, sms], which the validator refuses. Read <see cref="DefaultChannelOrder"/>.
    /// </summary>
    public List<string>? DefaultChannels { get; set; }

    /// <summary>The channels of a send that names none, in order: those configured, else SMS alone.</summary>
    public IReadOnlyList<string> DefaultChannelOrder => DefaultChannels ?? [ChannelNames.Sms];

    /// <summary><c>Delivery:Channels:&lt;channel&gt;:Enabled</c>: SMS is on unless switched off; voice and WhatsApp are off
    /// until switched on (they need the Vonage application's settings).</summary>
    public Dictionary<string, ChannelSwitch> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a channel has to report <c>delivered</c> before the next channel of the list is tried.</summary>
    public TimeSpan ChannelTimeout { get; set; } = TimeSpan.FromSeconds(45);

    public VonageApplicationOptions Vonage { get; set; } = new();

    public VonageVoiceOptions VonageVoice { get; set; } = new();

    public WhatsAppOptions WhatsApp { get; set; } = new();

    /// <summary>The voice and WhatsApp calls' resilience, in the shape and with the defaults of <c>Sms:Resilience</c>.</summary>
    public SmsResilienceOptions Resilience { get; set; } = new();

    public bool IsEnabled(string channel) =>
        Channels.TryGetValue(channel, out var s) && s.Enabled is { } on ? on : channel == ChannelNames.Sms;

    /// <summary>Whether any channel that goes through the Vonage application (voice, WhatsApp) is switched on.</summary>
    public bool UsesVonageApplication => IsEnabled(ChannelNames.Voice) || IsEnabled(ChannelNames.WhatsApp);
}

internal sealed class ChannelSwitch
{
    /// <summary>Null: the channel's default (see <see cref="DeliveryOptions.IsEnabled"/>).</summary>
    public bool? Enabled { get; set; }
}

/// <summary><c>Delivery:Vonage:*</c>: the Vonage application both channels use (JWT auth out, signed webhooks in).</summary>
internal sealed class VonageApplicationOptions
{
    public Uri BaseUrl { get; set; } = new("https://api.nexmo.com");

    public string? ApplicationId { get; set; }

    /// <summary>The application's RSA private key (PEM). A secret: mounted from a Secret, never logged.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The account's signature secret: the HS256 key of the JWT on every voice event and message status. A secret.</summary>
    public string? SignatureSecret { get; set; }
}

/// <summary><c>Delivery:VonageVoice:*</c>.</summary>
internal sealed class VonageVoiceOptions
{
    /// <summary>The calling number (digits, E.164 without '+').</summary>
    public string? From { get; set; }

    /// <summary>The public URL of <c>/webhooks/vonage/voice-event</c>.</summary>
    public Uri? EventUrl { get; set; }

    /// <summary>Extra or overriding speech templates by locale: <c>{digits}</c> (the code, read digit by digit), <c>{brand}</c>.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>Delivery:WhatsApp:*</c>.</summary>
internal sealed class WhatsAppOptions
{
    /// <summary>The WhatsApp Business number (digits).</summary>
    public string? From { get; set; }

    /// <summary>The approved authentication template's name.</summary>
    public string? TemplateName { get; set; }
}
