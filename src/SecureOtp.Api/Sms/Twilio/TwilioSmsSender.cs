using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Sends through Twilio behind <see cref="TwilioResiliencePipeline"/>. As an <see cref="ISmsProvider"/> it answers
/// with the classification a router needs; as an <see cref="ISmsSender"/> it answers as a lone provider always has.
/// </summary>
internal sealed class TwilioSmsSender(
    TwilioSmsClient client, ResiliencePipelineProvider<string> pipelines, ILogger<TwilioSmsSender> logger) : ISmsSender, ISmsProvider
{
    public const string ProviderName = Routing.ProviderNames.Twilio;

    private readonly ResiliencePipeline<ProviderSendResult> pipeline = pipelines.GetPipeline<ProviderSendResult>(TwilioResiliencePipeline.Name);

    public string Name => ProviderName;

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        (await TrySendAsync(message, cancellationToken)).ToSmsSendResult();

    public async Task<ProviderSendResult> TrySendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var span = SecureOtpTelemetry.Source.StartActivity("sms.send");
        span?.SetTag("secureotp.sms.provider", ProviderName);
        ProviderSendResult result;
        try
        {
            result = await pipeline.ExecuteAsync(
                static async (state, token) => await state.client.SubmitAsync(state.message, token),
                (client, message), cancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            result = new ProviderSendResult.CertainlyNotSent("circuit_open", open.RetryAfter, NotSentCause.CircuitOpen);
        }
        catch (TimeoutRejectedException)
        {
            // The request may have been written before the clock ran out.
            result = new ProviderSendResult.Unknown("timeout");
        }

        Report(result);
        span?.SetTag("secureotp.outcome", result.Label);
        if (result is not (ProviderSendResult.Sent or ProviderSendResult.NumberRefused))
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Label);
        }

        return result;
    }

    private void Report(ProviderSendResult result)
    {
        switch (result)
        {
            case ProviderSendResult.CertainlyNotSent { Cause: NotSentCause.Configuration } fault:
                TwilioLog.ConfigurationFault(logger, fault.Reason);
                break;
            case ProviderSendResult.CertainlyNotSent notSent:
                TwilioLog.NotSent(logger, notSent.Reason);
                break;
            case ProviderSendResult.Unknown unknown:
                TwilioLog.OutcomeUnknown(logger, unknown.Reason);
                break;
            case ProviderSendResult.NumberRefused refused:
                TwilioLog.NumberRefused(logger, refused.Reason);
                break;
        }
    }
}
