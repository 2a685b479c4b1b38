namespace SecureOtp.Api.Sms;

/// <summary>Bound from <c>Sms:*</c>; checked at start-up by <see cref="SmsOptionsValidator"/>.</summary>
internal sealed class SmsOptions
{
    public const string Section = "Sms";
    public const string OutboxProvider = "Outbox";
    public const string VonageProvider = "Vonage";

    public string Provider { get; set; } = VonageProvider;

    /// <summary>The name users see in the text ("123456 is your {brand} code").</summary>
    public string Brand { get; set; } = "SecureOtp";

    /// <summary>When set, the text ends with the WebOTP line <c>@domain #code</c>, so browsers offer the code only there.</summary>
    public string? WebOtpDomain { get; set; }

    /// <summary>Locale → template with <c>{code}</c>, <c>{brand}</c>, <c>{minutes}</c>; overrides or adds to the shipped ones.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public VonageOptions Vonage { get; set; } = new();

    public SmsResilienceOptions Resilience { get; set; } = new();
}

/// <summary><c>Sms:Vonage:*</c>: the Vonage SMS API account.</summary>
internal sealed class VonageOptions
{
    public Uri BaseUrl { get; set; } = new("https://rest.nexmo.com");

    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    /// <summary>Sender id: up to 11 letters and digits, or a number of up to 15 digits.</summary>
    public string? From { get; set; }
}

/// <summary>
/// <c>Sms:Resilience:*</c>: how hard to try. A login page is waiting, so the whole send is bounded by a few seconds, and
/// the breaker must notice an outage at OTP volumes (a handful of sends a minute), not only after hundreds of calls.
/// </summary>
internal sealed class SmsResilienceOptions
{
    /// <summary>One HTTP attempt. A timeout is ambiguous (the text may be on its way), so it is never retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The whole send, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Retries after failures that certainly sent nothing.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First back-off; doubles each retry, with jitter. A throttling answer's advertised wait wins when longer.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed sends within <see cref="BreakerSamplingDuration"/> that opens the breaker...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...once at least this many sends were seen in that window.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the breaker stays open before letting one probe through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(20);
}
