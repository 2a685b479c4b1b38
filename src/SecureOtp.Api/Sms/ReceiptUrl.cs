namespace SecureOtp.Api.Sms;

/// <summary>
/// A receipt URL that carries a delivery's reference (<see cref="Otp.Delivery.DeliveryReference"/>) in its query: Twilio's
/// per-message StatusCallback and a call's event_url. The provider calls it back as given.
/// </summary>
internal static class ReceiptUrl
{
    public const string QueryName = "ref";

    /// <summary><paramref name="url"/> with <paramref name="reference"/> added to its query (escaped: a reference needs
    /// none, and whatever a receipt brings back is escaped the same way again before its signature is checked).</summary>
    public static Uri WithReference(Uri url, string reference) =>
        new(url.OriginalString + (url.Query.Length > 1 ? "&" : url.OriginalString.EndsWith('?') ? "" : "?") + QueryName + "=" + Uri.EscapeDataString(reference));
}
