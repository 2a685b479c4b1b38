using System.Text.Json.Serialization;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>The SMS API's answer: <c>{"message-count":"1","messages":[{"status":"0",...}]}</c>.</summary>
internal sealed record VonageSubmitResponse(
    [property: JsonPropertyName("message-count")] string? MessageCount,
    [property: JsonPropertyName("messages")] List<VonageMessagePart>? Messages);

internal sealed record VonageMessagePart(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error-text")] string? ErrorText,
    [property: JsonPropertyName("message-id")] string? MessageId);

[JsonSerializable(typeof(VonageSubmitResponse))]
internal sealed partial class VonageJsonContext : JsonSerializerContext;
