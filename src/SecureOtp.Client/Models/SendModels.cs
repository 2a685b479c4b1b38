namespace SecureOtp.Client;

/// <summary>What <c>POST /otp/send</c> takes. Deliberately not a record: its printed form would show the phone number.</summary>
public sealed class SendRequest
{
    /// <summary>The relying application's user id (1–128 printable characters).</summary>
    public required string UserId { get; init; }

    /// <summary>The number in strict E.164 (<c>+</c> then 8–15 digits).</summary>
    public required string PhoneNumber { get; init; }

    /// <summary><c>[a-z0-9_-]{1,32}</c>; the service's default is <c>login</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>A BCP 47 tag for the text's language.</summary>
    public string? Locale { get; init; }

    /// <summary>The end user's IP address (per-IP limits).</summary>
    public string? ClientIp { get; init; }

    /// <summary>The 11-character Android SMS Retriever hash.</summary>
    public string? AppHash { get; init; }

    /// <summary>Channels in order of preference (<see cref="OtpChannels"/>); the service's default is SMS only.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>A payment the code is bound to (PSD2 dynamic linking); the verify must present it again.</summary>
    public OtpTransaction? Transaction { get; init; }
}

/// <summary>The channels a code can go by.</summary>
public static class OtpChannels
{
    /// <summary>A text message.</summary>
    public const string Sms = "sms";

    /// <summary>A phone call reading the code.</summary>
    public const string Voice = "voice";

    /// <summary>A WhatsApp authentication template.</summary>
    public const string WhatsApp = "whatsapp";
}

/// <summary>A payment a code is bound to: amount as a decimal string, ISO 4217 currency, payee.</summary>
public sealed class OtpTransaction
{
    /// <summary>A positive decimal string with at most the currency's minor-unit digits, e.g. <c>49.99</c>.</summary>
    public required string Amount { get; init; }

    /// <summary>ISO 4217 code, e.g. <c>EUR</c>.</summary>
    public required string Currency { get; init; }

    /// <summary>Who is paid (1–64 printable characters).</summary>
    public required string Payee { get; init; }
}

/// <summary>The <c>202</c> answer of a send (and of a resend).</summary>
public sealed class SendResponse
{
    /// <summary>The verification's opaque id.</summary>
    public string VerificationId { get; init; } = "";

    /// <summary><c>pending</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>The channel the code went by.</summary>
    public string Channel { get; init; } = "";

    /// <summary>When the code stops working.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When a new send for the same user and purpose is accepted.</summary>
    public DateTimeOffset? ResendAfter { get; init; }

    /// <summary>Wrong codes allowed.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>The risk signals of the send.</summary>
    public SendRisk? Risk { get; init; }
}

/// <summary>Risk signals of a send.</summary>
public sealed class SendRisk
{
    /// <summary><c>not_swapped</c>, <c>swapped</c>, <c>unknown</c> or <c>not_checked</c>.</summary>
    public string? SimSwap { get; init; }

    /// <summary><c>allow</c> or <c>flag</c>.</summary>
    public string? Decision { get; init; }
}
