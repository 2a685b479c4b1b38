using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// How part receipts add up to a text's state — the rules of <c>delivery_receipt.lua</c>, for the in-process store.
/// A part only moves forward (submitted, then unknown, then a final answer); any part's failure decides for the text;
/// the text is delivered when every part is.
/// </summary>
internal static class PartStates
{
    /// <summary>Where every part and the text start.</summary>
    public const string Initial = DeliveryStatus.Submitted;

    public static bool IsFailure(string status) => DeliveryStatus.IsFailure(status);

    /// <summary>Whether the text's state is the one its delivery counts as: not <c>submitted</c>, nor a voice call's
    /// <c>unknown</c> (it was only answered; its <c>completed</c> or failure settles it and is counted instead).</summary>
    public static bool Counts(string status, string channel) =>
        status != DeliveryStatus.Submitted && !(status == DeliveryStatus.Unknown && channel == Channels.ChannelNames.Voice);

    public static int Rank(string status) => status switch
    {
        DeliveryStatus.Submitted => 0,
        DeliveryStatus.Unknown => 1,
        _ => 2,
    };

    public static string Whole(IReadOnlyList<string> parts) =>
        parts.FirstOrDefault(DeliveryStatus.IsFailure)
        ?? (parts.All(p => p == DeliveryStatus.Delivered) ? DeliveryStatus.Delivered
            : parts.Contains(DeliveryStatus.Submitted) ? DeliveryStatus.Submitted
            : DeliveryStatus.Unknown);
}
