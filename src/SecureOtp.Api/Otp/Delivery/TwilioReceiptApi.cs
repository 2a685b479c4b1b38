using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Sms.Twilio;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// <c>POST /webhooks/twilio/message-status</c>: Twilio's status callbacks. No API key — only a valid
/// <c>X-Twilio-Signature</c> over <c>Sms:Twilio:StatusCallbackUrl</c> and the posted form is accepted
/// (<see cref="TwilioCallbackSignature"/>); anything else is <c>401 invalid_signature</c> and changes nothing. A signed
/// callback feeds the same receipt state machine as Vonage's (<see cref="DeliveryReceiptService.ApplyAsync"/>), with the
/// delivery named by the callback URL's <c>ref</c> (our reference, signed with the URL), or — a text sent before
/// references — by the MessageSid's link in Twilio's own namespace. Twilio sends no timestamp; a replayed callback is a repeat the
/// forward-only states ignore, and a replay with any parameter changed fails the signature.
/// </summary>
internal static class TwilioReceiptApi
{
    public const string Path = "/webhooks/twilio/message-status";

    public static void MapTwilioReceipts(this WebApplication app)
    {
        app.MapPost(Path, ReceiveAsync)
            .AllowAnonymous()
            .WithTags("Webhooks")
            .WithName("TwilioMessageStatus")
            .WithSummary("Twilio status callback (signed with X-Twilio-Signature): updates the delivery state of the text it names.")
            .ProducesOutcomes(ReceiptOutcomes.Table, CommonProblems.UnsupportedMediaType);
    }

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, TwilioCallbackSignature signature, DeliveryReceiptService service, ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        ReceiptEndpoint.AnswerAsync(ProviderNames.Twilio, async () =>
        {
            var (form, refusal, why) = await ReceiptParameters.ReadFormAsync(request, cancellationToken);
            if (form is null)
            {
                return ReceiptEndpoint.Refused(refusal!.Value, why);
            }

            var fields = form.Select(f => KeyValuePair.Create(f.Key, new StringValues(f.Value))).ToList();
            var reference = request.Query[Sms.ReceiptUrl.QueryName];
            if (reference.Count > 1 || !signature.IsValid(fields, request.Headers[TwilioCallbackSignature.HeaderName], reference.Count == 1 ? reference[0] : null))
            {
                Log.ReceiptRefused(loggers.CreateLogger(typeof(TwilioReceiptApi)), ReceiptOutcomes.Table[ReceiptOutcomeKind.InvalidSignature].Label);
                return (ReceiptOutcomeKind.InvalidSignature, null);
            }

            if (TwilioStatusCallback.Parse(fields) is not { } callback)
            {
                return (ReceiptOutcomeKind.Malformed,
                    KeyValuePair.Create("MessageSid", "A status callback needs a MessageSid (SM or MM and 32 hex digits) and a MessageStatus."));
            }

            var outcome = callback.DeliveryStatus is { } status
                ? await service.ApplyAsync(ProviderNames.Twilio, callback.MessageSid, status,
                    callback.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken,
                    reference: DeliveryReceiptService.ReferenceOf(reference.Count == 1 ? reference[0] : null))
                : ReceiptOutcomeKind.Ignored;
            return (outcome, null);
        });
}
