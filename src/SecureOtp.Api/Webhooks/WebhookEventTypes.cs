namespace SecureOtp.Api.Webhooks;

/// <summary>The event types a tenant's endpoint receives (the <c>type</c> of each body); the Lua scripts write the same names.</summary>
internal static class WebhookEventTypes
{
    public const string VerificationApproved = "verification.approved";
    public const string VerificationLocked = "verification.locked";
    public const string VerificationCanceled = "verification.canceled";
    public const string DeliveryDelivered = "delivery.delivered";
    public const string DeliveryFailed = "delivery.failed";
    public const string TotpLocked = "totp.locked";
}
