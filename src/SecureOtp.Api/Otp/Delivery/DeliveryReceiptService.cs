using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// One Vonage delivery receipt: authenticate it, read it, apply it to the text it names, count what it settled, and lift
/// the resend cooldown of a text that failed, so the user can ask for a new code at once.
/// </summary>
internal sealed class DeliveryReceiptService(
    ReceiptAuthenticator authenticator,
    IDeliveryStore store,
    IRateLimiter limiter,
    PseudonymKey pseudonymKey,
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

        var messageRef = DeliveryRefs.Message(pseudonymKey, receipt.MessageId);
        var applied = await store.ApplyAsync(messageRef, new PartReceipt(receipt.Status, receipt.ErrorCode, time.GetUtcNow()), cancellationToken);
        switch (applied)
        {
            case ReceiptApplied.UnknownMessage:
                return (ReceiptOutcomeKind.UnknownMessage, null);
            case ReceiptApplied.Updated updated:
                await SettledAsync(updated, receipt, cancellationToken);
                return (ReceiptOutcomeKind.Applied, null);
            default:
                return (ReceiptOutcomeKind.Duplicate, null);
        }
    }

    private async Task SettledAsync(ReceiptApplied.Updated updated, VonageDeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        if (updated.BecameFinal)
        {
            var country = SecureOtpTelemetry.Tag("country", updated.Country);
            var provider = SecureOtpTelemetry.Tag("provider", updated.Provider);
            SecureOtpTelemetry.SmsDelivery.Add(1, country, provider, SecureOtpTelemetry.Tag("status", updated.Status));
            var latency = time.GetUtcNow() - updated.SubmittedAt;
            SecureOtpTelemetry.SmsDeliveryLatency.Record(Math.Max(0, latency.TotalSeconds), country, provider);
        }

        Log.ReceiptApplied(logger, updated.Status, updated.Country, receipt.ErrorCode ?? "-", updated.Failed);
        // The cooldowns live in the rate limiter, in their own slots: released here, after the store has recorded the failure.
        await limiter.ReleaseAsync(updated.Cooldowns, cancellationToken);
    }
}
