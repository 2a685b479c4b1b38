namespace SecureOtp.Client;

/// <summary>
/// Where SecureOtp is and how the client calls it. Not a record: its printed form must never show <see cref="ApiKey"/>.
/// </summary>
public sealed class SecureOtpClientOptions
{
    /// <summary>The service's base address, e.g. <c>https://otp.internal.example/</c> (required, absolute).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key sent as <c>X-Api-Key</c> (required). The client never logs it.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one HTTP attempt may take (default 10 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries after the first attempt, for the calls the contract makes safe to repeat (default 2; 0 turns retries off).
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first back-off when the service named no wait (default 200 ms, doubling per retry).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits out itself (default 5 s); a longer one is handed to the
    /// application as the result instead of blocking the request that is waiting for it.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a send or verify without an explicit Idempotency-Key gets a fresh one per call (default true). Without a
    /// key such a call is never retried: a repeated send would text the user twice.
    /// </summary>
    public bool GenerateIdempotencyKeys { get; set; } = true;
}
