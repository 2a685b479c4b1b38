namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// <c>Sms:Twilio:*</c>: the Twilio account texts can go through. Checked at start-up by <see cref="TwilioOptionsValidator"/>
/// as soon as any key is set. The secrets (<see cref="AuthToken"/>, <see cref="ApiKeySecret"/>) are never logged.
/// </summary>
internal sealed class TwilioOptions
{
    public const string Section = "Sms:Twilio";

    /// <summary>Twilio's public API; tests and regional set-ups point it elsewhere (the path stays Twilio's).</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.twilio.com");

    /// <summary>The account (<c>AC</c> + 32 hex digits): it is in every request's path.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token: Basic auth when no API key is set, and always the key of status-callback signatures.</summary>
    public string? AuthToken { get; set; }

    /// <summary>An API key (<c>SK</c> + 32 hex digits) to send with instead of the auth token, with <see cref="ApiKeySecret"/>.</summary>
    public string? ApiKeySid { get; set; }

    public string? ApiKeySecret { get; set; }

    /// <summary>The sender: a number in E.164 or an alphanumeric sender id. Exactly one of this and <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    /// <summary>A messaging service (<c>MG</c> + 32 hex digits) that picks the sender itself.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// When set, each text asks Twilio to report its status here (<c>StatusCallback</c>): the public URL of the status
    /// webhook, exactly as Twilio will call it, since the signature covers it.
    /// </summary>
    public Uri? StatusCallbackUrl { get; set; }

    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>True once any account key is set: then the whole set must be valid.</summary>
    public bool IsConfigured =>
        AccountSid is not null || AuthToken is not null || ApiKeySid is not null || ApiKeySecret is not null
        || From is not null || MessagingServiceSid is not null || StatusCallbackUrl is not null;

    /// <summary>True when texts are sent with an API key rather than the auth token.</summary>
    public bool UsesApiKey => ApiKeySid is not null;
}
