namespace SecureOtp.Api.Sms;

/// <summary>
/// One SMS provider behind its own resilience pipeline, answering with the classification a router needs to decide
/// whether the next provider may try (see <see cref="ProviderSendResult"/>). Never throws for a provider failure; only
/// the caller's cancellation ends a call early.
/// </summary>
internal interface ISmsProvider
{
    /// <summary>The provider's name in routes, logs and metric labels: lower case, bounded (e.g. "twilio").</summary>
    string Name { get; }

    Task<ProviderSendResult> TrySendAsync(SmsMessage message, CancellationToken cancellationToken);
}
