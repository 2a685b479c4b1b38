using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Twilio;

/// <summary>
/// Posts a text's status callbacks — <c>sent</c>, then its outcome — to the <c>StatusCallback</c> it was sent with
/// (loopback only), signed with <c>X-Twilio-Signature</c> over that URL and the form, as Twilio does.
/// </summary>
internal sealed class TwilioCallbackSender(
    IHttpClientFactory httpClients,
    FakeTwilioState state,
    IOptions<FakeTwilioOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<TwilioCallbackSender> logger)
{
    public const string HttpClientName = "twilio-callbacks";

    public void Schedule(TwilioRecordedMessage message)
    {
        if (message.StatusCallback is not { } callback)
        {
            return;
        }

        if (!Uri.TryCreate(callback, UriKind.Absolute, out var url) || !url.IsLoopback)
        {
            Log.ReceiptUrlRefused(logger, url?.Host ?? "(invalid)");
            return;
        }

        var outcome = state.OutcomeFor(message.To);
        if (outcome is { Send: false })
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(outcome?.DelayMs ?? options.Value.CallbackDelayMs);
        _ = Task.Run(() => PostAllAsync(message, callback, outcome, delay, lifetime.ApplicationStopping));
    }

    private async Task PostAllAsync(TwilioRecordedMessage message, string url, TwilioOutcome? outcome, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
            await PostAsync(message, url, "sent", null, stopping);
            await PostAsync(message, url, outcome?.Status ?? "delivered", outcome?.ErrorCode, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PostAsync(TwilioRecordedMessage message, string url, string status, string? errorCode, CancellationToken stopping)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MessageSid"] = message.Sid,
            ["SmsSid"] = message.Sid,
            ["AccountSid"] = options.Value.AccountSid,
            ["From"] = message.From ?? "",
            ["To"] = message.To,
            ["MessageStatus"] = status,
            ["SmsStatus"] = status,
            ["ApiVersion"] = "2010-04-01",
        };
        if (message.MessagingServiceSid is { } service)
        {
            form["MessagingServiceSid"] = service;
        }

        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Sign(url, form, options.Value.AuthToken));
        int answered;
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, stopping);
            answered = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            answered = 0;
        }

        state.Posted(new TwilioPostedCallback(message.Sid, message.To, status, errorCode, url, answered));
        Log.TwilioCallbackPosted(logger, Destination.Mask(FakeTwilioState.Digits(message.To)), status, answered);
    }
}
