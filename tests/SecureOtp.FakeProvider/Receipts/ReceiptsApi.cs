using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Receipts;

/// <summary>What tests use to choose the receipts each number's texts get and to read back what was posted.</summary>
internal static class ReceiptsApi
{
    public static void MapReceiptsApi(this WebApplication app)
    {
        var receipts = app.MapGroup("/receipts");

        receipts.MapPost("/numbers", SetNumber)
            .WithName("SetReceiptNumber")
            .WithSummary("Sets the receipts a number's texts get: status, err-code, delay, format (form/json/get), or none.");
        receipts.MapGet("/numbers", (ReceiptSender sender) => TypedResults.Ok(sender.Rules()))
            .WithName("ListReceiptNumbers")
            .WithSummary("The numbers with a receipt rule; every other number's texts are delivered.");
        receipts.MapGet("", (ReceiptSender sender, string? to) => TypedResults.Ok(sender.Posted(Destination.Normalize(to))))
            .WithName("ListReceipts")
            .WithSummary("The receipts posted (?to= for one number's), oldest first, with the receiver's HTTP status.");
        receipts.MapDelete("", (ReceiptSender sender) =>
            {
                sender.Reset();
                return TypedResults.NoContent();
            })
            .WithName("ResetReceipts")
            .WithSummary("Forgets receipt rules and posted receipts.");
    }

    private static async Task<Results<Ok<ReceiptRule>, BadRequest<ErrorResponse>>> SetNumber(
        HttpRequest request, ReceiptSender sender, ILogger<ReceiptSender> logger)
    {
        var (body, error) = await JsonBody.ReadAsync(request, FakeProviderJsonContext.Default.ReceiptRuleRequest);
        var (rule, invalid) = body?.ToRule() ?? (null, error);
        if (rule is null)
        {
            return TypedResults.BadRequest(new ErrorResponse(invalid!));
        }

        sender.SetRule(rule);
        Log.ReceiptRuleSet(logger, Destination.Mask(rule.To), rule.Status, rule.Send);
        return TypedResults.Ok(rule);
    }
}
