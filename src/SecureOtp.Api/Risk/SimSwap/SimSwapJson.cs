using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>CAMARA SIM Swap v2 <c>POST /check</c> body: <c>{"phoneNumber":"+346661113334","maxAge":240}</c>.</summary>
internal sealed record CamaraCheckRequest(
    [property: JsonPropertyName("phoneNumber")] string PhoneNumber,
    [property: JsonPropertyName("maxAge")] int MaxAge);

/// <summary><c>200 {"swapped":true}</c>.</summary>
internal sealed record CamaraCheckResponse([property: JsonPropertyName("swapped")] bool? Swapped);

/// <summary>CAMARA error body: <c>{"status":400,"code":"OUT_OF_RANGE","message":"..."}</c> (the message is never logged).</summary>
internal sealed record CamaraErrorResponse([property: JsonPropertyName("code")] string? Code);

/// <summary>RFC 6749 token response (success or <c>{"error":"invalid_client"}</c>).</summary>
internal sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>
/// Vonage Identity Insights request:
/// <c>{"phone_number":"33601020304","purpose":"FraudPreventionAndDetection","insights":{"sim_swap":{"period":240}}}</c>.
/// </summary>
internal sealed record VonageInsightsRequest(
    [property: JsonPropertyName("phone_number")] string PhoneNumber,
    [property: JsonPropertyName("purpose")] string Purpose,
    [property: JsonPropertyName("insights")] VonageInsightsSelection Insights);

internal sealed record VonageInsightsSelection([property: JsonPropertyName("sim_swap")] VonageSimSwapRequest SimSwap);

internal sealed record VonageSimSwapRequest([property: JsonPropertyName("period")] int Period);

/// <summary><c>{"insights":{"sim_swap":{"latest_sim_swap_at":"...","is_swapped":true,"status":{"code":"OK","message":"Success"}}}}</c>.</summary>
internal sealed record VonageInsightsResponse([property: JsonPropertyName("insights")] VonageInsightsResult? Insights);

internal sealed record VonageInsightsResult([property: JsonPropertyName("sim_swap")] VonageSimSwapResult? SimSwap);

internal sealed record VonageSimSwapResult(
    [property: JsonPropertyName("is_swapped")] bool? IsSwapped,
    [property: JsonPropertyName("status")] VonageInsightStatus? Status);

internal sealed record VonageInsightStatus([property: JsonPropertyName("code")] string? Code);

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CamaraCheckRequest))]
[JsonSerializable(typeof(CamaraCheckResponse))]
[JsonSerializable(typeof(CamaraErrorResponse))]
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSerializable(typeof(VonageInsightsRequest))]
[JsonSerializable(typeof(VonageInsightsResponse))]
internal sealed partial class SimSwapJsonContext : JsonSerializerContext;

/// <summary>Helpers shared by the provider clients.</summary>
internal static partial class SimSwapWire
{
    /// <summary>An answer we cannot read is a failed attempt, never an exception.</summary>
    public static T? TryParse<T>(string body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A JSON body with a Content-Length (some gateways refuse chunked requests).</summary>
    public static ByteArrayContent JsonBody<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A provider's code is logged only when it looks like a code (<c>QUOTA_EXCEEDED</c>), never free text.</summary>
    public static string? SafeCode(string? code) => code is null ? null : CodePattern().IsMatch(code) ? code : "other";

    /// <summary><c>{baseUrl}{path}</c>, keeping any path the base URL has (a gateway may mount the API deeper).</summary>
    public static Uri Endpoint(Uri baseUrl, string path) => new(baseUrl.ToString().TrimEnd('/') + path);

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]{1,64}\z")]
    private static partial Regex CodePattern();
}
