using System.Globalization;
using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.IdentityInsights;

/// <summary>The 200 of <c>POST /identity-insights/v1/requests</c>, with the <c>sim_swap</c> insight.</summary>
internal sealed record InsightsResponse(
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("insights")] InsightsResult Insights);

internal sealed record InsightsResult([property: JsonPropertyName("sim_swap")] SimSwapInsight SimSwap);

internal sealed record SimSwapInsight(
    // Written as null, not left out, when no change is known: a client must cope with the explicit null.
    [property: JsonPropertyName("latest_sim_swap_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    string? LatestSimSwapAt,
    [property: JsonPropertyName("is_swapped")] bool IsSwapped,
    [property: JsonPropertyName("status")] InsightStatus Status)
{
    /// <summary>Vonage's form, UTC with milliseconds: 2024-07-08T09:30:27.504Z.</summary>
    public static string? Format(DateTime? at) =>
        at?.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

internal sealed record InsightStatus(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message)
{
    public static readonly InsightStatus Ok = new("OK", "Success");
}

/// <summary>The RFC 7807 body of a refused Identity Insights request.</summary>
internal sealed record InsightsProblem(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string Detail);
