namespace SecureOtp.Api.Sms;

/// <summary>
/// Where a text stands, as <c>GET /otp/{id}</c> reports it (<c>delivery.status</c>). The names are the API's and the
/// <c>status</c> label of <c>secureotp.sms.delivery</c>; the dashboard and alert rules match them.
/// </summary>
internal static class DeliveryStatus
{
    /// <summary>Accepted by the provider; no final receipt yet (Vonage's "accepted" and "buffered" receipts leave it here).</summary>
    public const string Submitted = "submitted";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Rejected = "rejected";

    /// <summary>The carrier reported nothing conclusive, or nothing is known (a send whose tracking could not be stored).</summary>
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Submitted, Delivered, Failed, Expired, Rejected, Unknown];

    /// <summary>The text did not reach the phone: the user may ask for another at once.</summary>
    public static bool IsFailure(string status) => status is Failed or Expired or Rejected;
}
