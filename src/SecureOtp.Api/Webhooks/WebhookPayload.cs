using System.Text.Json;
using System.Text.Json.Serialization;
using SecureOtp.Api.Json;

namespace SecureOtp.Api.Webhooks;

/// <summary>An event's body: <c>{type, timestamp, data:{verificationId, userId, purpose, channel}}</c> (a <c>delivery.*</c>
/// event adds <c>provider</c>, <c>status</c> and a failure's <c>errorCode</c>). Never a code, a phone number or a secret:
/// the stream never holds one.</summary>
internal sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, WebhookData Data);

internal sealed record WebhookData(string? VerificationId, string? UserId, string? Purpose, string? Channel)
{
    public string? Provider { get; init; }

    public string? Status { get; init; }

    public string? ErrorCode { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcSecondsConverter)],
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
