using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// What happens once the provider has accepted a text: it counts as sent (the denominator of conversion, by country and
/// purpose), and its delivery state starts as <c>submitted</c>, linked to the provider's message ids so receipts find it.
/// </summary>
internal sealed class DeliveryTracker(
    IDeliveryStore store,
    IChannelTimeouts timeouts,
    IOptions<Channels.DeliveryOptions> deliveryOptions,
    PseudonymKey pseudonymKey,
    IOptions<SmsOptions> smsOptions,
    TimeProvider time,
    ILogger<DeliveryTracker> logger)
{
    /// <summary>The provider as a metric label, once: it is configuration, not per send.</summary>
    private readonly string providerLabel = smsOptions.Value.Provider.ToLowerInvariant();

    /// <param name="accepted">The text as a provider took it: its message ids, and (when routed) the provider — the
    /// namespace its receipts are looked up in and what the settled outcome counts for — and every provider tried.
    /// Unrouted (tests' senders), the configured <c>Sms:Provider</c>.</param>
    /// <param name="cooldowns">The resend-cooldown entries of this send in the rate limiter (none when the cooldown is off).</param>
    /// <param name="reference">The reference the text went out with (a fresh one when the caller made none).</param>
    public async Task AcceptedAsync(
        VerificationId id, SendCommand command, SmsSendResult.AcceptedResult accepted, DateTimeOffset expiresAt, IReadOnlyList<LimitCheck> cooldowns,
        string channel = Channels.ChannelNames.Sms, DeliveryReference? reference = null)
    {
        var provider = accepted.Provider ?? providerLabel;
        var messageIds = accepted.MessageIds;
        var sms = smsOptions.Value;
        var country = command.Phone.Destination.CountryLabel;
        SecureOtpTelemetry.OtpSent.Add(1, SecureOtpTelemetry.Tag("country", country),
            SecureOtpTelemetry.Tag("purpose", DeliveryRefs.Purpose(command.Purpose)), SecureOtpTelemetry.Tag("channel", channel));

        var now = time.GetUtcNow();
        var receipts = DeliveryRefs.ReceiptNamespace(channel, provider);
        var timeout = deliveryOptions.Value.ChannelTimeout;
        var timeoutDue = timeout > TimeSpan.Zero && FallbackRules.HasNext(command.Channels, channel) ? now + timeout : (DateTimeOffset?)null;
        var tracking = new DeliveryTracking(id, [.. messageIds.Select(m => DeliveryRefs.Message(pseudonymKey, receipts, m))], country,
            command.Purpose, provider, now, cooldowns, (expiresAt - now) + sms.Vonage.ReceiptGracePeriod)
        {
            Attempts = accepted.Attempts,
            Channel = channel,
            Client = command.Client,
            TimeoutDue = timeoutDue,
            Subject = new DeliverySubject(command.Tenant, command.UserId),
            Token = (reference ?? DeliveryReference.New(id)).Token,
            ReceiptsCarryReference = reference is not null && CarriesReference(channel, provider),
        };
        try
        {
            // Not the caller's token: the code is out, and its tracking should be stored even if the caller leaves now.
            await store.TrackAsync(tracking, CancellationToken.None);
            if (timeoutDue is { } due)
            {
                // After the tracking: a timeout that finds no delivery state does nothing.
                await timeouts.ScheduleAsync(id.Slot, id.LookupHash, due, CancellationToken.None);
            }
        }
        catch (StoreUnavailableException e)
        {
            // The text went out and the code is live: the send succeeded. Only its receipts will find nothing.
            Log.DeliveryTrackingFailed(logger, command.Client, id.Slot.UserTag, e.GetType().Name);
        }
    }

    /// <summary>Whether this provider's receipts bring our reference back — Vonage SMS's <c>client-ref</c> (the Development
    /// outbox imitates it), Twilio's per-message StatusCallback, a call's event_url, WhatsApp's <c>client_ref</c> — so no
    /// message-id link is written. Any other SMS provider keeps linking its message ids.</summary>
    private static bool CarriesReference(string channel, string provider) =>
        channel != Channels.ChannelNames.Sms
        || provider is Sms.Routing.ProviderNames.Vonage or Sms.Routing.ProviderNames.Outbox or Sms.Routing.ProviderNames.Twilio;
}
