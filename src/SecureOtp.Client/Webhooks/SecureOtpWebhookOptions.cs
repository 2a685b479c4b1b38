namespace SecureOtp.Client.Webhooks;

/// <summary>How the webhook endpoint checks what it receives.</summary>
public sealed class SecureOtpWebhookOptions
{
    /// <summary>
    /// The endpoint's signing secrets (<c>whsec_</c> + base64), the current one and, during a rotation, the previous:
    /// an event is taken when any <c>v1</c> signature it carries matches any of them.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>How far <c>webhook-timestamp</c> may be from now, either way (default 5 min): older deliveries are replays.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body read (default 64 KiB); a larger one is refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}
