namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// One part's delivery receipt, as Vonage posts it to the webhook (form, JSON or query parameters): <c>messageId</c>,
/// <c>status</c>, <c>err-code</c>, <c>timestamp</c> (the signed time, for the replay window), and others we do not need
/// (<c>msisdn</c>, <c>to</c>, <c>network-code</c>, <c>price</c>, <c>scts</c>, <c>message-timestamp</c>, <c>client-ref</c>...).
/// </summary>
/// <param name="MessageId">The part's <c>message-id</c> from the send's answer.</param>
/// <param name="Status">The part's state in <see cref="DeliveryStatus"/> terms.</param>
/// <param name="ErrorCode">Vonage's <c>err-code</c> when it explains a failure (never "0").</param>
internal sealed record VonageDeliveryReceipt(string MessageId, string Status, string? ErrorCode)
{
    /// <summary>Our reference, as the send's <c>client-ref</c> gave it (read by <see cref="Otp.Delivery.DeliveryReceiptService"/>).</summary>
    public const string ClientRefParameter = "client-ref";

    private const int MaxMessageIdLength = 64;
    private const int MaxErrorCodeLength = 8;

    /// <summary>Reads a receipt from its parameters; a missing message id, an unknown status or a bad error code is malformed.</summary>
    /// <param name="error">The field at fault and why, for the 400's <c>errors</c>.</param>
    public static bool TryParse(IReadOnlyDictionary<string, string> parameters, out VonageDeliveryReceipt receipt, out KeyValuePair<string, string> error)
    {
        receipt = null!;
        error = default;
        var messageId = parameters.GetValueOrDefault("messageId");
        if (messageId is not { Length: > 0 and <= MaxMessageIdLength } || !messageId.All(char.IsAsciiLetterOrDigit))
        {
            error = new("messageId", "Required: the message-id of one part (letters and digits, at most 64).");
            return false;
        }

        if (MapStatus(parameters.GetValueOrDefault("status")) is not { } status)
        {
            error = new("status", "Required: delivered, expired, failed, rejected, accepted, buffered or unknown.");
            return false;
        }

        var errorCode = parameters.GetValueOrDefault("err-code");
        if (errorCode is { Length: > 0 } && (errorCode.Length > MaxErrorCodeLength || !errorCode.All(char.IsAsciiDigit)))
        {
            error = new("err-code", "When present: Vonage's numeric error code.");
            return false;
        }

        receipt = new VonageDeliveryReceipt(messageId, status, errorCode is null or "" or "0" ? null : errorCode);
        return true;
    }

    /// <summary>Vonage's DLR statuses in our terms; "accepted" and "buffered" are on the way, not an answer.</summary>
    private static string? MapStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "delivered" => DeliveryStatus.Delivered,
        "expired" => DeliveryStatus.Expired,
        "failed" => DeliveryStatus.Failed,
        "rejected" => DeliveryStatus.Rejected,
        "accepted" or "buffered" => DeliveryStatus.Submitted,
        "unknown" => DeliveryStatus.Unknown,
        _ => null,
    };
}
