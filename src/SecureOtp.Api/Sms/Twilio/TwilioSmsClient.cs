using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// One attempt at Twilio's <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c> through the official SDK, over
/// our own named HttpClient (<see cref="TwilioHttpHandler"/> points it at <c>Sms:Twilio:BaseUrl</c>). Retries, timeouts
/// and the breaker live in <see cref="TwilioResiliencePipeline"/>; this class speaks the wire format and classifies.
/// </summary>
internal sealed class TwilioSmsClient(IHttpClientFactory httpClients, IOptions<TwilioOptions> options, TimeProvider time)
{
    public const string HttpClientName = "twilio";

    /// <summary>Twilio's bounds for <c>ValidityPeriod</c>, in seconds.</summary>
    public const int MinValidityPeriod = 1;
    public const int MaxValidityPeriod = 36_000;

    public async Task<ProviderSendResult> SubmitAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var span = SecureOtpTelemetry.Source.StartActivity("sms.attempt", System.Diagnostics.ActivityKind.Client);
        span?.SetTag("server.address", options.Value.BaseUrl.Host);
        span?.SetTag("http.request.method", "POST");
        using var attempt = TwilioAttemptContext.Begin(cancellationToken);
        ProviderSendResult result;
        try
        {
            var created = await MessageResource.CreateAsync(CreateOptions(message, options.Value, time.GetUtcNow()), RestClient());
            result = TwilioResponseClassifier.Accepted(created?.Sid);
        }
        catch (TwilioException e)
        {
            // The SDK wraps our cancellation as a connection error; the pipeline's timeout must see it as cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            result = TwilioResponseClassifier.Classify(e, attempt);
        }

        if (attempt.HttpStatus is { } status)
        {
            span?.SetTag("http.response.status_code", (int)status);
        }

        span?.SetTag("secureotp.outcome", result.Label);
        return result;
    }

    /// <summary>The request's fields: <c>To</c>, <c>Body</c>, the sender, and when known <c>ValidityPeriod</c> and
    /// <c>StatusCallback</c> (<c>Sms:Twilio:StatusCallbackUrl</c> with the message's reference as <c>ref</c>).</summary>
    public static CreateMessageOptions CreateOptions(SmsMessage message, TwilioOptions twilio, DateTimeOffset now)
    {
        var create = new CreateMessageOptions(new PhoneNumber(message.To))
        {
            Body = message.Text,
            ValidityPeriod = ValidityPeriod(message.ExpiresAt, now),
            // Per message: our reference in its query comes back in every callback, covered by Twilio's signature.
            StatusCallback = twilio.StatusCallbackUrl is { } callback ? Sms.ReceiptUrl.WithReference(callback, message.ClientRef) : null,
        };
        if (twilio.MessagingServiceSid is { } service)
        {
            create.MessagingServiceSid = service;
        }
        else
        {
            create.From = new PhoneNumber(twilio.From);
        }

        return create;
    }

    /// <summary>
    /// The code's remaining lifetime in whole seconds (rounded up, so the text is never dropped before the code dies),
    /// within Twilio's 1-36000; null when the expiry is unknown (Twilio's default, 36000 s, then applies).
    /// </summary>
    public static int? ValidityPeriod(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is not { } expiry)
        {
            return null;
        }

        var seconds = Math.Ceiling((expiry - now).TotalSeconds);
        return (int)Math.Clamp(seconds, MinValidityPeriod, MaxValidityPeriod);
    }

    /// <summary>
    /// A client per attempt (it holds no connection: the factory's pooled handler does). With an API key, Basic auth is
    /// the key and its secret, and the account SID still goes in the path.
    /// </summary>
    private TwilioRestClient RestClient()
    {
        var o = options.Value;
        var (user, secret) = o.UsesApiKey ? (o.ApiKeySid!, o.ApiKeySecret!) : (o.AccountSid!, o.AuthToken!);
        return new TwilioRestClient(user, secret, accountSid: o.AccountSid, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)))
        {
            // The SDK prints requests to the console when TWILIO_LOG_LEVEL=debug; ours go through our own logs only.
            LogLevel = null,
        };
    }
}
