using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Channels;

internal static class ChannelExtensions
{
    public const string VonageHttpClientName = "vonage-application";

    public static void AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        builder.Services.AddHttpClient(VonageHttpClientName);
        builder.Services.AddChannelPipelines();
        builder.Services.AddSingleton<VoiceSpeech>();
        builder.Services.AddKeyedSingleton<IChannelSender, VonageVoiceSender>(ChannelNames.Voice);
        builder.Services.AddKeyedSingleton<IChannelSender, VonageWhatsAppSender>(ChannelNames.WhatsApp);
        builder.Services.AddSingleton<ChannelSelection>();
        builder.Services.AddSingleton<VonageWebhookSignature>();

        // Built when a channel first needs it: without voice or WhatsApp there is no key to load.
        builder.Services.AddKeyedSingleton(VonageHttpClientName, static (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Vonage;
            return new VonageApplicationJwt(VonagePrivateKey.Load(o.PrivateKeyPath!), o.ApplicationId!, sp.GetRequiredService<TimeProvider>());
        });
    }
}
