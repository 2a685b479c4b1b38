using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>What every provider's receipt webhook shares: the answer for each outcome, and counting it once.</summary>
internal static class ReceiptEndpoint
{
    /// <param name="handle">Reads, authenticates and applies the receipt; for a malformed one, names the field at fault.</param>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        string provider, Func<Task<(ReceiptOutcomeKind Kind, KeyValuePair<string, string>? Error)>> handle)
    {
        var outcome = ReceiptOutcomeKind.StoreUnavailable; // what is left if the store throws (answered 503 by the handler)
        try
        {
            (outcome, var error) = await handle();
            return outcome switch
            {
                ReceiptOutcomeKind.Malformed => Problems.Validation(new Dictionary<string, string[]> { [error!.Value.Key] = [error.Value.Value] }),
                _ when ReceiptOutcomes.Table[outcome].Problem is null => TypedResults.NoContent(),
                _ => Problems.For(ReceiptOutcomes.Table[outcome]),
            };
        }
        finally
        {
            SecureOtpTelemetry.SmsReceipts.Add(1, SecureOtpTelemetry.Tag("result", ReceiptOutcomes.Table[outcome].Label),
                SecureOtpTelemetry.Tag("provider", provider));
        }
    }

    /// <summary>A refusal found while reading the request (too large, or malformed with <paramref name="why"/>).</summary>
    public static (ReceiptOutcomeKind, KeyValuePair<string, string>?) Refused(ReceiptOutcomeKind refusal, string? why) =>
        (refusal, refusal == ReceiptOutcomeKind.Malformed ? KeyValuePair.Create("body", why!) : null);
}
