namespace SecureOtp.FakeProvider.Receipts;

/// <summary>
/// What receipts a number's texts get: every part with <see cref="Status"/> and <see cref="ErrCode"/>, after
/// <see cref="DelayMs"/>, in <see cref="Format"/>. Numbers without a rule get "delivered", err-code 0, after the default delay.
/// <see cref="Send"/> false: no receipt at all (a carrier that never reports).
/// </summary>
internal sealed record ReceiptRule(string To, string Status, string ErrCode, int? DelayMs, string? Format, bool Send = true)
{
    public const string FormFormat = "form";
    public const string JsonFormat = "json";
    public const string GetFormat = "get";

    public static readonly IReadOnlyList<string> Statuses = ["delivered", "expired", "failed", "rejected", "accepted", "buffered", "unknown"];

    public static readonly IReadOnlyList<string> Formats = [FormFormat, JsonFormat, GetFormat];
}

/// <summary>The body of <c>POST /receipts/numbers</c>: <c>{"to":"447700900001","status":"failed","errCode":"6","delayMs":10,"format":"json"}</c>.</summary>
internal sealed record ReceiptRuleRequest(string? To, string? Status, string? ErrCode, int? DelayMs, string? Format, bool? Send)
{
    public (ReceiptRule? Rule, string? Error) ToRule()
    {
        var to = Sms.Destination.Normalize(To);
        if (!Sms.Destination.IsValid(to))
        {
            return (null, "to: the number as Vonage gets it, 7-15 digits.");
        }

        var status = Status ?? "delivered";
        if (!ReceiptRule.Statuses.Contains(status))
        {
            return (null, $"status: one of {string.Join(", ", ReceiptRule.Statuses)}.");
        }

        if (ErrCode is { } code && (code.Length is 0 or > 4 || !code.All(char.IsAsciiDigit)))
        {
            return (null, "errCode: Vonage's numeric error code, e.g. \"6\".");
        }

        if (DelayMs is < 0 or > 600_000)
        {
            return (null, "delayMs: 0 to 600000.");
        }

        if (Format is { } format && !ReceiptRule.Formats.Contains(format))
        {
            return (null, $"format: one of {string.Join(", ", ReceiptRule.Formats)}.");
        }

        return (new ReceiptRule(to!, status, ErrCode ?? (status == "delivered" ? "0" : "1"), DelayMs, Format, Send ?? true), null);
    }
}

/// <summary>One receipt the fake posted, and what the receiver answered (0: no answer), for <c>GET /receipts</c>.</summary>
internal sealed record PostedReceipt(string MessageId, string To, string Status, string Format, int HttpStatus);
