using System.Buffers.Text;
using System.Collections.Concurrent;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// The names delivery tracking stores and counts by: a keyed hash of each provider message id (so the store links
/// message ids to verifications without holding one), and the bounded metric labels of a text (country calling code,
/// purpose).
/// </summary>
internal static class DeliveryRefs
{
    /// <summary>128 bits: message ids are unique per provider, and this only has to keep them apart.</summary>
    private const int MessageRefLength = 16;

    /// <summary>Purposes are the caller's words; past this many distinct ones a process labels the rest "other".</summary>
    public const int MaxPurposeLabels = 20;

    public const string OtherPurpose = "other";

    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<string, bool> PurposeLabels = new(StringComparer.Ordinal);

    /// <summary>
    /// A keyed hash (under a key derived from <c>Otp:PseudonymKey</c> by its label) of a provider's message id. A leaked
    /// store does not tell which message ids are ours, and a receipt for a message id we never sent finds nothing.
    /// </summary>
    /// <remarks>Each receipt webhook has its own namespace (its own derived key), so a Twilio MessageSid and a Vonage
    /// message-id that happened to be equal could never find each other's text. Vonage keeps the original label (links
    /// stored before Twilio existed still match); the Development outbox imitates Vonage and shares its namespace.</remarks>
    public static string Message(PseudonymKey key, string provider, string messageId) =>
        Base64Url.EncodeToString(Pseudonyms.Mac(key, Namespace(provider), messageId).AsSpan(0, MessageRefLength));

    private static string Namespace(string provider) => provider switch
    {
        Sms.Routing.ProviderNames.Twilio => "secureotp/message-id/twilio/v1",
        VonageVoiceNamespace => "secureotp/message-id/vonage-voice/v1",
        VonageWhatsAppNamespace => "secureotp/message-id/vonage-whatsapp/v1",
        _ => "secureotp/message-id/v1",
    };

    /// <summary>The receipt namespaces of the Vonage application channels: a call uuid and a message_uuid are looked up
    /// apart from each other and from SMS message ids.</summary>
    public const string VonageVoiceNamespace = "vonage-voice";

    public const string VonageWhatsAppNamespace = "vonage-whatsapp";

    /// <summary>The namespace a channel's provider ids are linked under: SMS by the provider that took the text.</summary>
    public static string ReceiptNamespace(string channel, string provider) => channel switch
    {
        Channels.ChannelNames.Voice => VonageVoiceNamespace,
        Channels.ChannelNames.WhatsApp => VonageWhatsAppNamespace,
        _ => provider,
    };

    /// <summary>
    /// The purpose as a metric label: the first <see cref="MaxPurposeLabels"/> distinct purposes a process sees keep their
    /// name, later ones count as "other", so a caller inventing purposes cannot blow up the series count.
    /// </summary>
    public static string Purpose(string purpose)
    {
        if (PurposeLabels.ContainsKey(purpose))
        {
            return purpose; // the usual case: no lock
        }

        lock (Gate)
        {
            return PurposeLabels.Count < MaxPurposeLabels && PurposeLabels.TryAdd(purpose, true) ? purpose : OtherPurpose;
        }
    }
}
