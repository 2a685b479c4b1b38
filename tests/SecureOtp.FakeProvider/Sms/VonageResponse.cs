using System.Globalization;
using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.Sms;

/// <summary>The body of every HTTP 200 from <c>POST /sms/json</c>, accepted or not: one entry per billed part.</summary>
internal sealed record VonageResponse(
    [property: JsonPropertyName("message-count")] string MessageCount,
    [property: JsonPropertyName("messages")] VonageMessage[] Messages)
{
    public static VonageResponse Of(VonageMessage[] messages) =>
        new(messages.Length.ToString(CultureInfo.InvariantCulture), messages);

    /// <summary>A refused request is a single error entry, however long its text.</summary>
    public static VonageResponse Rejected(VonageError error, string? to) =>
        Of([new VonageMessage { To = to, Status = VonageStatus.Format(error.Status), ErrorText = error.ErrorText }]);
}

/// <summary>One entry of <c>messages</c>. Declaration order is Vonage's field order; absent fields are left out.</summary>
internal sealed record VonageMessage
{
    // Fixed account figures: nothing in SecureOtp reads them, but a real client's parser must find them.
    public const string RemainingBalance = "15.53";
    public const string PricePerPart = "0.0333";
    public const string NetworkCode = "23410";

    [JsonPropertyName("to")]
    public string? To { get; init; }

    [JsonPropertyName("message-id")]
    public string? MessageId { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("error-text")]
    public string? ErrorText { get; init; }

    [JsonPropertyName("remaining-balance")]
    public string? Balance { get; init; }

    [JsonPropertyName("message-price")]
    public string? Price { get; init; }

    [JsonPropertyName("network")]
    public string? Network { get; init; }

    [JsonPropertyName("client-ref")]
    public string? ClientRef { get; init; }

    public static VonageMessage AcceptedPart(string to, string messageId, string? clientRef) => new()
    {
        To = to,
        MessageId = messageId,
        Status = VonageStatus.Format(VonageStatus.Accepted),
        Balance = RemainingBalance,
        Price = PricePerPart,
        Network = NetworkCode,
        ClientRef = clientRef,
    };
}
