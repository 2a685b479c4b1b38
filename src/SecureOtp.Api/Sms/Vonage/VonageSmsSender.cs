using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// Sends through Vonage behind <see cref="SmsResiliencePipeline"/> and sorts every way it can end by what a router may
/// do next (<see cref="ProviderSendResult"/>): sent; certainly not sent (throttled, refused before acceptance, no
/// connection, open circuit, a country Vonage will not route to, our account's fault); unknown (a timeout or a 5xx after
/// the request went out); or the number refused.
/// </summary>
internal sealed class VonageSmsSender(
    VonageSmsClient client,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<SmsOptions> smsOptions,
    ILogger<VonageSmsSender> logger) : ISmsSender, ISmsProvider
{
    public const string ProviderName = Routing.ProviderNames.Vonage;

    private readonly ResiliencePipeline<VonageAttempt> pipeline = pipelines.GetPipeline<VonageAttempt>(SmsResiliencePipeline.Name);

    private readonly SmsResilienceOptions options = smsOptions.Value.Resilience;

    public string Name => ProviderName;

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        (await TrySendAsync(message, cancellationToken)).ToSmsSendResult();

    public async Task<ProviderSendResult> TrySendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var span = SecureOtpTelemetry.Source.StartActivity("sms.send");
        span?.SetTag("secureotp.sms.provider", ProviderName);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await SendThroughPipelineAsync(message, cancellationToken);
        var outcome = result switch
        {
            ProviderSendResult.Sent => "accepted",
            ProviderSendResult.NumberRefused => "destination_rejected",
            ProviderSendResult.CertainlyNotSent { Cause: NotSentCause.CircuitOpen } => "circuit_open",
            ProviderSendResult.CertainlyNotSent { Cause: NotSentCause.RouteRefused } => "route_refused",
            _ => "unavailable",
        };
        span?.SetTag("secureotp.outcome", outcome);
        if (outcome is "unavailable" or "circuit_open")
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome);
        }

        SecureOtpTelemetry.SmsDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            SecureOtpTelemetry.Tag("outcome", outcome));
        return result;
    }

    private async Task<ProviderSendResult> SendThroughPipelineAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        VonageAttempt attempt;
        try
        {
            attempt = await pipeline.ExecuteAsync(
                static async (state, token) => await state.client.SubmitAsync(state.message, token),
                (client, message), cancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            // Fail fast: no provider call, and tell the caller when the breaker will let a probe through.
            return new ProviderSendResult.CertainlyNotSent("circuit_open", open.RetryAfter ?? options.BreakDuration, NotSentCause.CircuitOpen);
        }
        catch (TimeoutRejectedException)
        {
            // The request may have been written before the clock ran out: Vonage may have the text.
            Log.SmsProviderFailed(logger, "timeout", "-");
            return new ProviderSendResult.Unknown("timeout");
        }
        catch (HttpRequestException e)
        {
            Log.SmsProviderFailed(logger, "connection", e.HttpRequestError.ToString());
            return SmsResiliencePipeline.CertainlyNotSent(Outcome.FromException<VonageAttempt>(e))
                ? new ProviderSendResult.CertainlyNotSent("connection", null, NotSentCause.Transient)
                : new ProviderSendResult.Unknown("connection");
        }

        var status = attempt.VonageStatus ?? attempt.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (attempt.Outcome)
        {
            case VonageOutcome.Accepted:
                return new ProviderSendResult.Sent(attempt.MessageIds ?? []);
            case VonageOutcome.DestinationRejected:
                Log.SmsDestinationRejected(logger, attempt.VonageStatus ?? "-");
                return new ProviderSendResult.NumberRefused($"vonage_status_{attempt.VonageStatus}");
            case VonageOutcome.RouteRefused:
                Log.SmsProviderFailed(logger, attempt.Outcome.ToString(), status);
                return new ProviderSendResult.CertainlyNotSent($"vonage_status_{status}", null, NotSentCause.RouteRefused);
            case VonageOutcome.ConfigurationFault:
                Log.SmsConfigurationFault(logger, attempt.VonageStatus ?? "-", attempt.HttpStatus);
                return new ProviderSendResult.CertainlyNotSent($"vonage_status_{status}", null, NotSentCause.Configuration);
            case VonageOutcome.Throttled or VonageOutcome.NotSentTransient:
                Log.SmsProviderFailed(logger, attempt.Outcome.ToString(), status);
                return new ProviderSendResult.CertainlyNotSent(attempt.Outcome.ToString(), attempt.RetryAfter, NotSentCause.Transient);
            default:
                Log.SmsProviderFailed(logger, attempt.Outcome.ToString(), status);
                return new ProviderSendResult.Unknown(attempt.Outcome.ToString());
        }
    }
}
