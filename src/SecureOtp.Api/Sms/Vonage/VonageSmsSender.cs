using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// Sends through Vonage behind <see cref="SmsResiliencePipeline"/> and turns every way it can end into one
/// <see cref="SmsSendResult"/>: accepted, the destination refused (the caller's 4xx), or unavailable (our 503).
/// </summary>
internal sealed class VonageSmsSender(
    VonageSmsClient client,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<SmsOptions> smsOptions,
    ILogger<VonageSmsSender> logger) : ISmsSender
{
    private readonly ResiliencePipeline<VonageAttempt> pipeline = pipelines.GetPipeline<VonageAttempt>(SmsResiliencePipeline.Name);

    private readonly SmsResilienceOptions options = smsOptions.Value.Resilience;

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var span = SecureOtpTelemetry.Source.StartActivity("sms.send");
        span?.SetTag("secureotp.sms.provider", "vonage");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await SendThroughPipelineAsync(message, cancellationToken);
        var outcome = result switch
        {
            SmsSendResult.AcceptedResult => "accepted",
            SmsSendResult.DestinationUnreachable => "destination_rejected",
            SmsSendResult.Unavailable { Reason: "circuit_open" } => "circuit_open",
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

    private async Task<SmsSendResult> SendThroughPipelineAsync(SmsMessage message, CancellationToken cancellationToken)
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
            return new SmsSendResult.Unavailable(open.RetryAfter ?? options.BreakDuration, "circuit_open");
        }
        catch (TimeoutRejectedException)
        {
            Log.SmsProviderFailed(logger, "timeout", "-");
            return new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), "timeout");
        }
        catch (HttpRequestException e)
        {
            Log.SmsProviderFailed(logger, "connection", e.HttpRequestError.ToString());
            return new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), "connection");
        }

        switch (attempt.Outcome)
        {
            case VonageOutcome.Accepted:
                return new SmsSendResult.AcceptedResult(attempt.MessageIds ?? []);
            case VonageOutcome.DestinationRejected:
                Log.SmsDestinationRejected(logger, attempt.VonageStatus ?? "-");
                return new SmsSendResult.DestinationUnreachable($"vonage_status_{attempt.VonageStatus}");
            case VonageOutcome.ConfigurationFault:
                Log.SmsConfigurationFault(logger, attempt.VonageStatus ?? "-", attempt.HttpStatus);
                return new SmsSendResult.Unavailable(TimeSpan.FromSeconds(30), $"vonage_status_{attempt.VonageStatus ?? attempt.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            default:
                Log.SmsProviderFailed(logger, attempt.Outcome.ToString(), attempt.VonageStatus ?? attempt.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return new SmsSendResult.Unavailable(attempt.RetryAfter ?? TimeSpan.FromSeconds(5), attempt.Outcome.ToString());
        }
    }
}
