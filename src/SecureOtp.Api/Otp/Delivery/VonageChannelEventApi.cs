using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.Api.Channels;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// <c>POST /webhooks/vonage/voice-event</c> and <c>POST /webhooks/vonage/message-status</c>: what became of a voice call
/// or a WhatsApp message. No API key — only a valid Vonage signed-webhook JWT (<see cref="VonageWebhookSignature"/>) over
/// the exact body is accepted; anything else is <c>401</c> and changes nothing. A signed event feeds the receipt state
/// machine every channel shares (<see cref="DeliveryReceiptService.ApplyAsync"/>), the call uuid or message_uuid looked
/// up in its channel's own namespace (a keyed hash, as SMS message ids are).
/// </summary>
internal static class VonageChannelEventApi
{
    public const string VoicePath = "/webhooks/vonage/voice-event";
    public const string MessagePath = "/webhooks/vonage/message-status";

    /// <summary>Voice statuses that end a call without the code being heard.</summary>
    private static readonly HashSet<string> VoiceFailures = new(StringComparer.Ordinal)
    {
        "busy", "failed", "rejected", "timeout", "unanswered", "cancelled",
    };

    public static void MapVonageChannelEvents(this WebApplication app)
    {
        app.MapPost(VoicePath, (HttpRequest r, VonageWebhookSignature s, DeliveryReceiptService d, ILoggerFactory l, CancellationToken ct) =>
                ReceiveAsync(r, s, d, l, ChannelNames.Voice, ct))
            .AllowAnonymous().WithTags("Webhooks").WithName("VonageVoiceEvent")
            .WithSummary("Vonage Voice call event (signed JWT): a completed call that was answered delivered the code; busy, failed, rejected, timeout, unanswered or cancelled did not.")
            .ProducesOutcomes(ReceiptOutcomes.Table, CommonProblems.UnsupportedMediaType);
        app.MapPost(MessagePath, (HttpRequest r, VonageWebhookSignature s, DeliveryReceiptService d, ILoggerFactory l, CancellationToken ct) =>
                ReceiveAsync(r, s, d, l, ChannelNames.WhatsApp, ct))
            .AllowAnonymous().WithTags("Webhooks").WithName("VonageMessageStatus")
            .WithSummary("Vonage Messages status (signed JWT): delivered or read delivered the code; rejected or undeliverable did not.")
            .ProducesOutcomes(ReceiptOutcomes.Table, CommonProblems.UnsupportedMediaType);
    }

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, VonageWebhookSignature signature, DeliveryReceiptService service, ILoggerFactory loggers, string channel,
        CancellationToken cancellationToken) =>
        ReceiptEndpoint.AnswerAsync(DeliveryRefs.ReceiptNamespace(channel, VonageChannelSender.ProviderName), async () =>
        {
            var body = request.ContentLength > ReceiptParameters.MaxBodyBytes ? null : await ReceiptParameters.ReadBoundedAsync(request.Body, cancellationToken);
            if (body is null)
            {
                return (ReceiptOutcomeKind.TooLarge, null);
            }

            var verdict = await signature.CheckAsync(request.Headers.Authorization, body);
            if (verdict != VonageWebhookSignature.Verdict.Valid)
            {
                var refused = verdict == VonageWebhookSignature.Verdict.Stale ? ReceiptOutcomeKind.StaleTimestamp : ReceiptOutcomeKind.InvalidSignature;
                Log.ReceiptRefused(loggers.CreateLogger(typeof(VonageChannelEventApi)), ReceiptOutcomes.Table[refused].Label);
                return (refused, null);
            }

            if (Read(body, channel == ChannelNames.Voice ? "uuid" : "message_uuid") is not var (id, status, clientRef))
            {
                return (ReceiptOutcomeKind.Malformed, KeyValuePair.Create("body", "A JSON object with the call's uuid (or message_uuid) and a status is expected."));
            }

            var (delivery, requiredPrior) = channel == ChannelNames.Voice ? Voice(status) : (Message(status), null);
            var outcome = delivery is null
                ? ReceiptOutcomeKind.Ignored
                : await service.ApplyAsync(DeliveryRefs.ReceiptNamespace(channel, VonageChannelSender.ProviderName), id, delivery,
                    DeliveryStatus.IsFailure(delivery) ? status : null, cancellationToken, requiredPrior, learnRoute: false,
                    reference: DeliveryReceiptService.ReferenceOf(channel == ChannelNames.Voice ? SingleQueryValue(request) : clientRef));
            return (outcome, null);
        });

    /// <summary>An answered call is under way (<c>unknown</c>); <c>completed</c> delivers only after it.</summary>
    private static (string? Status, string? RequiredPrior) Voice(string status) => status switch
    {
        "answered" => (DeliveryStatus.Unknown, null),
        "completed" => (DeliveryStatus.Delivered, DeliveryStatus.Unknown),
        _ when VoiceFailures.Contains(status) => (DeliveryStatus.Failed, null),
        _ => (null, null),
    };

    private static string? Message(string status) => status switch
    {
        "delivered" or "read" => DeliveryStatus.Delivered,
        "rejected" or "undeliverable" => DeliveryStatus.Failed,
        _ => null,
    };

    /// <summary>A call's reference: the event URL's <c>ref</c> (a repeated one is no reference: malformed).</summary>
    private static string? SingleQueryValue(HttpRequest request) =>
        request.Query[Sms.ReceiptUrl.QueryName] is { Count: > 0 } values ? (values.Count == 1 ? values[0] ?? "" : "-") : null;

    /// <summary>The event's id and status, and a message status's <c>client_ref</c> (inside the signed body) when given.</summary>
    private static (string Id, string Status, string? ClientRef)? Read(byte[] body, string idField)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty(idField, out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 100 } idText
                && root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() is { Length: > 0 and <= 40 } statusText
                    ? (idText, statusText, root.TryGetProperty("client_ref", out var clientRef) ? (clientRef.ValueKind == JsonValueKind.String ? clientRef.GetString() : "-") : null)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
