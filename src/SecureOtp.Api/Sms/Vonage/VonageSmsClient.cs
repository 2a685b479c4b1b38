using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// One attempt at the Vonage SMS API: a form-encoded <c>POST {BaseUrl}/sms/json</c>. Retries, timeouts and the breaker
/// live in <see cref="SmsResiliencePipeline"/>; this class only speaks the wire format.
/// </summary>
internal sealed class VonageSmsClient(IHttpClientFactory httpClients, IOptions<SmsOptions> options, TimeProvider time)
{
    /// <summary>The named HttpClient; the factory rotates its handlers so DNS changes at the provider are followed.</summary>
    public const string HttpClientName = "vonage";

    /// <summary>Vonage's limit for client-ref.</summary>
    public const int MaxClientRefLength = 40;

    /// <summary>Vonage's shortest <c>ttl</c> (ms): a code with less life left still gets this much, no carrier retries longer.</summary>
    public const long MinTtlMilliseconds = 20_000;

    public async Task<VonageAttempt> SubmitAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        // One span per HTTP attempt, so retries are visible under sms.send (the HttpClient's own span nests below it).
        using var span = SecureOtpTelemetry.Source.StartActivity("sms.attempt", System.Diagnostics.ActivityKind.Client);
        span?.SetTag("server.address", options.Value.Vonage.BaseUrl.Host);
        span?.SetTag("http.request.method", "POST");
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(options.Value.Vonage.BaseUrl))
        {
            Content = new FormUrlEncodedContent(Form(message, options.Value.Vonage, time.GetUtcNow())),
        };
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var attempt = VonageResponseClassifier.Classify(response.StatusCode, body);
        span?.SetTag("http.response.status_code", (int)response.StatusCode);
        span?.SetTag("secureotp.vonage.status", attempt.VonageStatus);
        span?.SetTag("secureotp.outcome", attempt.Outcome.ToString());
        return attempt;
    }

    /// <summary><c>{BaseUrl}/sms/json</c>, keeping any path the base URL has (a proxy or a fake may mount it deeper).</summary>
    public static Uri Endpoint(Uri baseUrl) => new(baseUrl.ToString().TrimEnd('/') + "/sms/json");

    /// <summary>The exact form fields sent. <c>to</c> is digits only; <c>type=unicode</c> only when GSM-7 cannot carry the text;
    /// <c>ttl</c> the code's remaining life, so no carrier delivers a code that has already expired.</summary>
    public static List<KeyValuePair<string, string>> Form(SmsMessage message, VonageOptions vonage, DateTimeOffset now)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("api_key", vonage.ApiKey!),
            new("api_secret", vonage.ApiSecret!),
            new("from", vonage.From!),
            new("to", message.To.TrimStart('+')),
            new("text", message.Text),
            new("client-ref", message.ClientRef.Length > MaxClientRefLength ? message.ClientRef[..MaxClientRefLength] : message.ClientRef),
        };
        if (message.ExpiresAt is { } expiresAt)
        {
            var ttl = Math.Max(MinTtlMilliseconds, (long)Math.Ceiling((expiresAt - now).TotalMilliseconds));
            form.Add(new("ttl", ttl.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (!Gsm7.IsGsm7(message.Text))
        {
            form.Add(new("type", "unicode"));
        }

        if (vonage.DeliveryReceiptUrl is { } receipts)
        {
            form.Add(new("status-report-req", "1"));
            form.Add(new("callback", receipts.ToString()));
        }

        return form;
    }
}
