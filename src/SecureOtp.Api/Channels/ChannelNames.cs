namespace SecureOtp.Api.Channels;

/// <summary>The delivery channels a send may name in <c>channels</c>, in the API's spelling.</summary>
internal static class ChannelNames
{
    public const string Sms = "sms";
    public const string Voice = "voice";
    public const string WhatsApp = "whatsapp";

    public static readonly IReadOnlyList<string> All = [Sms, Voice, WhatsApp];

    public static bool IsKnown(string? name) => name is Sms or Voice or WhatsApp;
}
