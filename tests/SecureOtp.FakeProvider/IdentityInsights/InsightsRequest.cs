using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.SimSwap;

namespace SecureOtp.FakeProvider.IdentityInsights;

/// <summary>
/// The body of <c>POST /identity-insights/v1/requests</c>. Only the <c>sim_swap</c> insight is modelled; other insights
/// asked for are ignored (and get no answer).
/// </summary>
internal sealed record InsightsRequest(
    [property: JsonPropertyName("phone_number")] string? PhoneNumber,
    [property: JsonPropertyName("purpose")] string? Purpose,
    [property: JsonPropertyName("insights")] RequestedInsights? Insights)
{
    public const string FraudPurpose = "FraudPreventionAndDetection";

    /// <summary>Why the request is invalid (a sentence for the 400), or null with the period to check, in hours.</summary>
    public (int Period, string? Error) Validate()
    {
        if (PhoneNumber is null || !PhoneNumbers.IsVonage(PhoneNumber))
        {
            return (0, "phone_number must be E.164 digits without '+', 7-15 of them, e.g. 33601020304.");
        }

        if (Purpose != FraudPurpose)
        {
            return (0, $"purpose must be {FraudPurpose}.");
        }

        if (Insights?.SimSwap is not { } simSwap)
        {
            return (0, "insights.sim_swap is required: it is the only insight this fake answers.");
        }

        var period = simSwap.Period ?? SimSwapInsightRequest.DefaultPeriod;
        return period is >= SimSwapInsightRequest.MinPeriod and <= SimSwapInsightRequest.MaxPeriod
            ? (period, null)
            : (0, $"insights.sim_swap.period must be {SimSwapInsightRequest.MinPeriod}-{SimSwapInsightRequest.MaxPeriod} hours.");
    }
}

internal sealed record RequestedInsights([property: JsonPropertyName("sim_swap")] SimSwapInsightRequest? SimSwap);

internal sealed record SimSwapInsightRequest(
    [property: JsonPropertyName("period"), JsonNumberHandling(JsonNumberHandling.Strict)] int? Period)
{
    public const int DefaultPeriod = 240;
    public const int MinPeriod = 1;
    public const int MaxPeriod = 2400;
}
