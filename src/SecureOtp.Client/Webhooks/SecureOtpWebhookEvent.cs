using System.Text.Json;

namespace SecureOtp.Client.Webhooks;

/// <summary>
/// An event SecureOtp posted, its signature and timestamp checked. Delivery is at least once: the same
/// <see cref="Id"/> may arrive again, so handle it idempotently (e.g. remember the ids seen).
/// </summary>
public sealed class SecureOtpWebhookEvent
{
    /// <summary>The <c>webhook-id</c>: the same for every delivery of one event.</summary>
    public required string Id { get; init; }

    /// <summary>The event type (<see cref="SecureOtpEventTypes"/>).</summary>
    public required string Type { get; init; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The fields every event carries (never a code or a phone number).</summary>
    public required SecureOtpEventData Data { get; init; }

    /// <summary>The whole <c>data</c> object, for fields this version of the client does not name.</summary>
    public JsonElement RawData { get; init; }
}

/// <summary>The common fields of an event's <c>data</c>.</summary>
public sealed class SecureOtpEventData
{
    /// <summary>The verification the event is about (absent for authenticator events).</summary>
    public string? VerificationId { get; init; }

    /// <summary>The user.</summary>
    public string? UserId { get; init; }

    /// <summary>The purpose of the code.</summary>
    public string? Purpose { get; init; }

    /// <summary>The channel the code went by.</summary>
    public string? Channel { get; init; }
}

/// <summary>The event types SecureOtp sends.</summary>
public static class SecureOtpEventTypes
{
    /// <summary>A code was approved.</summary>
    public const string VerificationApproved = "verification.approved";

    /// <summary>A verification locked after too many wrong codes.</summary>
    public const string VerificationLocked = "verification.locked";

    /// <summary>A verification was cancelled.</summary>
    public const string VerificationCanceled = "verification.canceled";

    /// <summary>A code reached the phone.</summary>
    public const string DeliveryDelivered = "delivery.delivered";

    /// <summary>A code could not be delivered.</summary>
    public const string DeliveryFailed = "delivery.failed";

    /// <summary>An authenticator locked after too many wrong codes.</summary>
    public const string TotpLocked = "totp.locked";
}

/// <summary>The event as posted: <c>{type, timestamp, data}</c>.</summary>
internal sealed class WebhookEventBody
{
    public string? Type { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonElement Data { get; init; }
}
