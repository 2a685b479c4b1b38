using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

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

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, DeliveryReceiptService service, CancellationToken cancellationToken)
    {
        var outcome = ReceiptOutcomeKind.StoreUnavailable; // what is left if the store throws (answered 503 by the handler)
        try
        {
            var (parameters, refusal, why) = await ReceiptParameters.ReadAsync(request, cancellationToken);
            if (parameters is null)
            {
                outcome = refusal!.Value;
                return outcome == ReceiptOutcomeKind.Malformed
                    ? Problems.Validation(new Dictionary<string, string[]> { ["body"] = [why!] })
                    : Problems.For(ReceiptOutcomes.Table[outcome]);
            }

            (outcome, var error) = await service.HandleAsync(parameters, cancellationToken);
            return outcome switch
            {
                ReceiptOutcomeKind.Malformed => Problems.Validation(new Dictionary<string, string[]> { [error!.Value.Key] = [error.Value.Value] }),
                _ when ReceiptOutcomes.Table[outcome].Problem is null => TypedResults.NoContent(),
                _ => Problems.For(ReceiptOutcomes.Table[outcome]),
            };
        }
        finally
        {
            SecureOtpTelemetry.SmsReceipts.Add(1, SecureOtpTelemetry.Tag("result", ReceiptOutcomes.Table[outcome].Label));
        }
    }
}
