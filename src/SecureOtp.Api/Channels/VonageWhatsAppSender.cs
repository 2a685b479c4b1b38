using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace SecureOtp.Api.Channels;

/// <summary>
/// The WhatsApp channel: <c>POST /v1/messages</c> with the approved authentication template
/// (<c>Delivery:WhatsApp:TemplateName</c>) in the request's language, the code as the body parameter and as the
/// copy-code button's parameter, and the message's reference as <c>client_ref</c> (its status webhooks echo it, inside
/// the signed body). 202 <c>{message_uuid}</c>; its status webhooks name it.
/// </summary>
internal sealed class VonageWhatsAppSender(
    IHttpClientFactory httpClients,
    IServiceProvider services,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<DeliveryOptions> options,
    ILogger<VonageWhatsAppSender> logger) : VonageChannelSender(httpClients, services, pipelines, options, logger)
{
    protected override string Channel => ChannelNames.WhatsApp;

    protected override string Path => "/v1/messages";

    protected override string IdField => "message_uuid";

    protected override JsonObject Body(ChannelMessage message, DeliveryOptions options)
    {
        var body = Template(message, options);
        if (message.Reference.Length > 0)
        {
            body["client_ref"] = message.Reference;
        }

        return body;
    }

    private static JsonObject Template(ChannelMessage message, DeliveryOptions options) => new()
    {
        ["channel"] = "whatsapp",
        ["message_type"] = "custom",
        ["to"] = Digits(message.To),
        ["from"] = options.WhatsApp.From,
        ["custom"] = new JsonObject
        {
            ["type"] = "template",
            ["template"] = new JsonObject
            {
                ["name"] = options.WhatsApp.TemplateName,
                ["language"] = new JsonObject { ["policy"] = "deterministic", ["code"] = Language(message.Locale) },
                ["components"] = new JsonArray(
                    new JsonObject { ["type"] = "body", ["parameters"] = Parameter(message.Code) },
                    new JsonObject { ["type"] = "button", ["sub_type"] = "url", ["index"] = "0", ["parameters"] = Parameter(message.Code) }),
            },
        },
    };

    /// <summary>WhatsApp's template languages: "en", "es", or with a region as "en_US".</summary>
    private static string Language(string? locale) => (locale ?? "en").Replace('-', '_');

    private static JsonArray Parameter(string code) => new(new JsonObject { ["type"] = "text", ["text"] = code });
}
