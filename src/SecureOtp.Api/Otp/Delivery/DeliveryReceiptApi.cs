using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Sms.Routing;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// <c>GET|POST /webhooks/vonage/delivery-receipt</c>: where Vonage reports what became of each text. No API key — the
/// signature authenticates (<see cref="ReceiptAuthenticator"/>). Answers at once: 204 for anything a retry would not
/// change, 401 for an unsigned or stale receipt, 400 for a malformed one, 503 while the store is down (Vonage retries).
/// </summary>
internal static class DeliveryReceiptApi
{
    public const string Path = "/webhooks/vonage/delivery-receipt";

    public static void MapDeliveryReceipts(this WebApplication app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], ReceiveAsync)
            .AllowAnonymous()
            .WithTags("Webhooks")
            .WithName("VonageDeliveryReceipt")
            .WithSummary("Vonage SMS delivery receipt (signed webhook): updates the delivery state of the text it names.")
            .ProducesOutcomes(ReceiptOutcomes.Table, CommonProblems.UnsupportedMediaType);
    }

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, DeliveryReceiptService service, CancellationToken cancellationToken) =>
        ReceiptEndpoint.AnswerAsync(ProviderNames.Vonage, async () =>
        {
            var (parameters, refusal, why) = await ReceiptParameters.ReadAsync(request, cancellationToken);
            return parameters is null ? ReceiptEndpoint.Refused(refusal!.Value, why) : await service.HandleAsync(parameters, cancellationToken);
        });
}
