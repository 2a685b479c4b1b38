namespace SecureOtp.Api.Webhooks;

/// <summary>A Standard Webhooks secret: <c>whsec_</c> then the base64 of 24 to 64 random bytes (the spec's range).</summary>
internal static class WebhookSecret
{
    public const string Prefix = "whsec_";
    private const int MinBytes = 24;
    private const int MaxBytes = 64;

    public static bool TryParse(string? text, out byte[] key)
    {
        key = [];
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = text[Prefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length is < MinBytes or > MaxBytes)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }
}
