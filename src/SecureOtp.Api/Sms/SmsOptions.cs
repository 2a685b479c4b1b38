using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Sms.Twilio;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.Api.Sms;

/// <summary>Bound from <c>Sms:*</c>; checked at start-up by <see cref="SmsOptionsValidator"/>.</summary>
internal sealed class SmsOptions
{
    public const string Section = "Sms";
    public const string OutboxProvider = "Outbox";
    public const string VonageProvider = "Vonage";

    /// <summary>The one provider when no <see cref="Routes"/> are set (then it is the default route); ignored otherwise.</summary>
    public string Provider { get; set; } = VonageProvider;

    /// <summary>
    /// <c>Sms:Routes:Default:N</c> and <c>Sms:Routes:&lt;callingCode&gt;:N</c>: provider names (<c>vonage</c>, <c>twilio</c>)
    /// in the order they are tried. Empty: <see cref="Provider"/> alone carries every text.
    /// </summary>
    public Dictionary<string, List<string>> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a send whose outcome is unknown (a timeout after the request was written, a lost answer) is tried on the
    /// next provider. Off by default: the same code may then arrive twice.
    /// </summary>
    public bool FailoverOnUnknownOutcome { get; set; }

    public RoutingOptions Routing { get; set; } = new();

    /// <summary>The same keys as <see cref="TwilioOptions"/> (bound there too): here so routes can tell whether Twilio is set up.</summary>
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>The name users see in the text ("123456 is your {brand} code").</summary>
    public string Brand { get; set; } = "SecureOtp";

    /// <summary>When set, the text ends with the WebOTP line <c>@domain #code</c>, so browsers offer the code only there.</summary>
    public string? WebOtpDomain { get; set; }

    /// <summary>Locale → template with <c>{code}</c>, <c>{brand}</c>, <c>{minutes}</c>; overrides or adds to the shipped ones.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Locale → template for a code bound to a payment: also <c>{amount}</c> and <c>{payee}</c>, both required.</summary>
    public Dictionary<string, string> PaymentTemplates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>
    /// The account's signature secret (Vonage dashboard, "signed webhooks"): delivery receipts are accepted only when signed
    /// with it. Outside Development a service without it refuses every receipt. A secret: never logged.
    /// </summary>
    public string? SignatureSecret { get; set; }

    /// <summary>How Vonage signs: <c>md5hash</c> (Vonage's default), <c>md5hmac</c>, <c>sha1hmac</c>, <c>sha256hmac</c>, <c>sha512hmac</c>.</summary>
    public string SignatureMethod { get; set; } = VonageSignature.DefaultMethodName;

    /// <summary>
    /// How long past a code's expiry its delivery receipts still count (the <c>message-id</c> → verification link is kept
    /// this much longer than the code): a carrier may report a failure or an expiry well after the code stopped mattering
    /// to the user, and the delivery metrics need it all the same.
    /// </summary>
    public TimeSpan ReceiptGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When set, each text asks Vonage for a delivery receipt at this URL (<c>status-report-req=1</c>, <c>callback</c>),
    /// overriding the account's default webhook: the public URL of <c>/webhooks/vonage/delivery-receipt</c>.
    /// </summary>
    public Uri? DeliveryReceiptUrl { get; set; }
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
