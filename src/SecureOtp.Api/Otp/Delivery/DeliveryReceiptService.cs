using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Delivery receipts: authenticate a Vonage receipt and read it; then, for every provider's receipts (<see cref="ApplyAsync"/>),
/// apply it to the text it names, count what it settled, and lift the resend cooldown of a text that failed, so the user
/// can ask for a new code at once.
/// </summary>
internal sealed class DeliveryReceiptService(
    ReceiptAuthenticator authenticator,
    IDeliveryStore store,
    IRateLimiter limiter,
    PseudonymKey pseudonymKey,
    RouteLearning learning,
    ChannelFallback fallback,
    IChannelTimeouts timeouts,
    TimeProvider time,
    ILogger<DeliveryReceiptService> logger)
{
    /// <returns>The outcome, and for a malformed receipt the field at fault.</returns>
    public async Task<(ReceiptOutcomeKind Kind, KeyValuePair<string, string>? Error)> HandleAsync(
        IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        if (authenticator.Check(parameters) is { } refused)
        {
            Log.ReceiptRefused(logger, ReceiptOutcomes.Table[refused].Label);
            return (refused, null);
        }

        if (!VonageDeliveryReceipt.TryParse(parameters, out var receipt, out var error))
        {
            Log.ReceiptRefused(logger, ReceiptOutcomes.Table[ReceiptOutcomeKind.Malformed].Label);
            return (ReceiptOutcomeKind.Malformed, error);
        }

        return (await ApplyAsync(ProviderNames.Vonage, receipt.MessageId, receipt.Status, receipt.ErrorCode, cancellationToken,
            reference: ReferenceOf(parameters.GetValueOrDefault(VonageDeliveryReceipt.ClientRefParameter))), null);
    }

    /// <summary>
    /// The state machine every provider's webhook feeds, once the receipt is authenticated and read: find the text by the
    /// keyed hash of the message id in that provider's namespace, move its state forward, count what it settled (for the
    /// metrics and route learning), and lift the cooldown of a text that failed.
    /// </summary>
    /// <param name="status">The part's new state, in <see cref="DeliveryStatus"/> terms.</param>
    /// <param name="requiredPrior">See <see cref="PartReceipt.RequiredPrior"/>.</param>
    /// <param name="learnRoute">False for the voice and WhatsApp channels: their outcomes say nothing of an SMS route.</param>
    /// <param name="reference">What the receipt echoed of our reference: null when it carried none
    /// (a text sent before references: its message id's link is read); anything that does not parse names nothing.</param>
    public async Task<ReceiptOutcomeKind> ApplyAsync(
        string provider, string messageId, string status, string? errorCode, CancellationToken cancellationToken,
        string? requiredPrior = null, bool learnRoute = true, ReferenceEcho? reference = null)
    {
        if (reference is { Malformed: true })
        {
            // Never ours (or altered): answered as a receipt for a message we do not know, nothing read or changed.
            return ReceiptOutcomeKind.UnknownMessage;
        }

        var messageRef = DeliveryRefs.Message(pseudonymKey, provider, messageId);
        var applied = await store.ApplyAsync(messageRef, reference?.Reference, new PartReceipt(status, errorCode, time.GetUtcNow(), requiredPrior), cancellationToken);
        switch (applied)
        {
            case ReceiptApplied.UnknownMessage:
                return ReceiptOutcomeKind.UnknownMessage;
            case ReceiptApplied.Updated updated:
                await SettledAsync(updated, errorCode, learnRoute, cancellationToken);
                return ReceiptOutcomeKind.Applied;
            default:
                return ReceiptOutcomeKind.Duplicate;
        }
    }

    /// <summary>A receipt's echoed reference: absent (null), or parsed — strictly — to the delivery it names or to nothing.</summary>
    public static ReferenceEcho? ReferenceOf(string? echoed) =>
        string.IsNullOrEmpty(echoed) ? null
        : DeliveryReference.TryParse(echoed, out var reference) ? new ReferenceEcho(reference) : new ReferenceEcho(null);

    private async Task SettledAsync(ReceiptApplied.Updated updated, string? errorCode, bool learnRoute, CancellationToken cancellationToken)
    {
        if (updated.BecameFinal)
        {
            var country = SecureOtpTelemetry.Tag("country", updated.Country);
            var provider = SecureOtpTelemetry.Tag("provider", updated.Provider);
            SecureOtpTelemetry.SmsDelivery.Add(1, country, provider, SecureOtpTelemetry.Tag("status", updated.Status),
                SecureOtpTelemetry.Tag("channel", updated.Channel));
            var latency = time.GetUtcNow() - updated.SubmittedAt;
            SecureOtpTelemetry.SmsDeliveryLatency.Record(Math.Max(0, latency.TotalSeconds), country, provider);
            if (learnRoute && (updated.Status == DeliveryStatus.Delivered || DeliveryStatus.IsFailure(updated.Status)))
            {
                await learning.SettledAsync(updated.Provider, updated.Country, updated.Status == DeliveryStatus.Delivered, cancellationToken);
            }
        }

        Log.ReceiptApplied(logger, updated.Status, updated.Country, errorCode ?? "-", updated.Failed);
        // The cooldowns live in the rate limiter, in their own slots: released here, after the store has recorded the failure.
        await limiter.ReleaseAsync(updated.Cooldowns, cancellationToken);
        var (slot, idHash) = updated.Verification;
        if (updated.FallbackClaimed)
        {
            // This receipt alone claimed the fallback (the store's fb field): the next channel gets the same code now.
            // Not the caller's token: the claim is spent, a provider hanging up on us must not lose the fallback.
            await fallback.FallBackAsync(slot, idHash, FallbackReasons.Failed, CancellationToken.None);
        }
        else if (updated.Status == DeliveryStatus.Delivered && idHash is not null)
        {
            await timeouts.CancelAsync(slot, idHash, cancellationToken);
        }
    }
}

/// <summary>A reference a receipt brought back: the delivery it names, or null when it did not parse.</summary>
internal sealed record ReferenceEcho(DeliveryReference? Reference)
{
    public bool Malformed => Reference is null;
}
