using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// The fields of a Twilio status callback this service uses (Twilio adds others without notice; they are ignored).
/// </summary>
/// <param name="MessageSid">The text's SID, as the send's answer named it.</param>
/// <param name="MessageStatus">Twilio's status, lower case.</param>
/// <param name="DeliveryStatus">Its <see cref="Sms.DeliveryStatus"/>, or null for a status that says nothing about delivery.</param>
/// <param name="ErrorCode">Twilio's error code for an undelivered or failed text, when it gave one.</param>
internal sealed partial record TwilioStatusCallback(string MessageSid, string MessageStatus, string? DeliveryStatus, int? ErrorCode)
{
    /// <summary>Reads a callback form; null when it lacks a well-formed <c>MessageSid</c> or <c>MessageStatus</c>.</summary>
    public static TwilioStatusCallback? Parse(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var fields = form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var sid = Single(fields, "MessageSid");
        var status = Single(fields, "MessageStatus")?.ToLowerInvariant();
        if (sid is null || !SidPattern().IsMatch(sid) || status is null || status.Length > 20)
        {
            return null;
        }

        int? errorCode = Single(fields, "ErrorCode") is { } code && ErrorCodePattern().IsMatch(code)
            ? int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        return new TwilioStatusCallback(sid, status, ToDeliveryStatus(status), errorCode);
    }

    /// <summary>
    /// queued/accepted/sending/sent → submitted (Twilio or the carrier has it); delivered (and read) → delivered;
    /// undelivered/failed → failed. Other statuses (scheduled, canceled, receiving...) do not describe an outbound text's delivery.
    /// </summary>
    public static string? ToDeliveryStatus(string messageStatus) => messageStatus switch
    {
        "queued" or "accepted" or "sending" or "sent" => Sms.DeliveryStatus.Submitted,
        "delivered" or "read" => Sms.DeliveryStatus.Delivered,
        "undelivered" or "failed" => Sms.DeliveryStatus.Failed,
        _ => null,
    };

    private static string? Single(Dictionary<string, StringValues> fields, string name) =>
        fields.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>SMS ("SM") or MMS ("MM") message SIDs: two letters and 32 hex digits.</summary>
    [GeneratedRegex(@"^(SM|MM)[0-9a-fA-F]{32}\z")]
    private static partial Regex SidPattern();

    [GeneratedRegex(@"^[0-9]{1,6}\z")]
    private static partial Regex ErrorCodePattern();
}
