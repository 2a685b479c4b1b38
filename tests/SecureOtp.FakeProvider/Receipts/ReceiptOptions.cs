namespace SecureOtp.FakeProvider.Receipts;

/// <summary>
/// Bound from <c>FakeVonage:Receipts:*</c>: where and how the fake posts delivery receipts. A text sent with
/// <c>status-report-req=1</c> and a <c>callback</c> gets its receipts there instead (as at Vonage). Either way the URL must
/// be loopback: this fake never calls out.
/// </summary>
internal sealed class ReceiptOptions
{
    public const string Section = "FakeVonage:Receipts";

    /// <summary>The account-level receipt URL; null: only texts that name a callback get receipts.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Signs receipts as Vonage's signed webhooks do; null: unsigned (what an account without signing gets).</summary>
    public string? SignatureSecret { get; set; }

    /// <summary>md5hash (Vonage's default), md5hmac, sha1hmac, sha256hmac or sha512hmac.</summary>
    public string SignatureMethod { get; set; } = "md5hash";

    /// <summary>How long after accepting a text its receipts go out, unless a number's rule says otherwise.</summary>
    public int DelayMs { get; set; } = 50;

    /// <summary>form (POST form), json (POST JSON) or get (query string): Vonage's three ways.</summary>
    public string Format { get; set; } = ReceiptRule.FormFormat;
}
