using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace SecureOtp.Api.Channels;

/// <summary>
/// The voice channel: <c>POST /v1/calls</c> to the number, from <c>Delivery:VonageVoice:From</c>, with one NCCO talk
/// action reading the code (<see cref="VoiceSpeech"/>) and <c>event_url</c> = <c>Delivery:VonageVoice:EventUrl</c> with
/// the call's reference as <c>ref</c>. 201 <c>{uuid}</c> is the call's id; its events name it.
/// </summary>
internal sealed class VonageVoiceSender(
    VoiceSpeech speech,
    IHttpClientFactory httpClients,
    IServiceProvider services,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<DeliveryOptions> options,
    ILogger<VonageVoiceSender> logger) : VonageChannelSender(httpClients, services, pipelines, options, logger)
{
    protected override string Channel => ChannelNames.Voice;

    protected override string Path => "/v1/calls";

    protected override string IdField => "uuid";

    protected override JsonObject Body(ChannelMessage message, DeliveryOptions options) => new()
    {
        ["to"] = new JsonArray(new JsonObject { ["type"] = "phone", ["number"] = Digits(message.To) }),
        ["from"] = new JsonObject { ["type"] = "phone", ["number"] = options.VonageVoice.From },
        ["ncco"] = new JsonArray(new JsonObject
        {
            ["action"] = "talk",
            ["text"] = speech.Ssml(message.Code, message.Locale),
            ["language"] = VoiceSpeech.Language(message.Locale),
            ["bargeIn"] = false,
        }),
        ["event_url"] = new JsonArray(EventUrl(options.VonageVoice.EventUrl!, message.Reference).OriginalString),
        ["event_method"] = "POST",
    };

    private static Uri EventUrl(Uri configured, string reference) =>
        reference.Length == 0 ? configured : Sms.ReceiptUrl.WithReference(configured, reference);
}
