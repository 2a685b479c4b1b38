using Microsoft.Extensions.Options;
using SecureOtp.Api.Channels;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Moves a verification whose current delivery failed (a receipt said so) or stayed silent (its channel timeout) to the
/// next untried channel of its send's list, with the SAME code: id, attempts and expiry stay. The store has already
/// claimed this fallback (once per delivery attempt, see delivery_receipt.lua and fallback_claim.lua), so two receipts or
/// two replicas never both get here. The delivery counts against the per-phone limits; a refusal there, a verification
/// no longer pending, or no channel left ends it (logged and counted as <c>secureotp.channel.fallbacks_skipped</c>).
/// </summary>
internal sealed class ChannelFallback(
    IOtpStore store,
    IDeliveryStore deliveries,
    CodeIssuer issuer,
    HashKeyRing keys,
    PseudonymKey pseudonymKey,
    AbuseLimits limits,
    IRateLimiter limiter,
    IOptions<AuthOptions> auth,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ChannelFallback> logger)
{
    /// <param name="reason"><see cref="FallbackReasons.Failed"/> or <see cref="FallbackReasons.Timeout"/>.</param>
    public async Task FallBackAsync(VerificationSlot slot, string idHash, string reason, CancellationToken cancellationToken)
    {
        var delivery = await deliveries.GetAsync(slot, idHash, cancellationToken);
        var from = delivery?.Channel ?? ChannelNames.Sms;
        var skipped = delivery is null ? FallbackReasons.Ended : await TryFallBackAsync(slot, idHash, delivery, reason, cancellationToken);
        if (skipped is not null)
        {
            Log.ChannelFallbackSkipped(logger, slot.UserTag, from, reason, skipped);
            SecureOtpTelemetry.ChannelFallbacksSkipped.Add(1, SecureOtpTelemetry.Tag("from", from), SecureOtpTelemetry.Tag("reason", skipped));
        }
    }

    /// <returns>Null once a channel took the code; otherwise why none did (a skip reason of <see cref="FallbackReasons"/>).</returns>
    private async Task<string?> TryFallBackAsync(VerificationSlot slot, string idHash, DeliveryState delivery, string reason, CancellationToken cancellationToken)
    {
        if (!auth.Value.ApiKeys.TryGetValue(delivery.Client, out var settings))
        {
            return FallbackReasons.NotDeliverable; // tracked before fallback existed, or the client is no longer configured
        }

        var caller = new ApiCaller(delivery.Client, AuthOptions.TenantOf(delivery.Client, settings));
        var tenantTag = Pseudonyms.TenantTag(pseudonymKey, caller.Tenant);
        var now = time.GetUtcNow();
        // Only the live verification falls back: the record must still be this one (not approved, cancelled, replaced or expired).
        var sealedId = await store.LocateAsync(slot, tenantTag, now, null, cancellationToken);
        if (sealedId is null || !SealedVerificationId.TryOpen(pseudonymKey, sealedId, slot, out var id) || id.LookupHash != idHash
            || await store.GetStateAsync(id, tenantTag, now, cancellationToken) is not { Locked: false } live)
        {
            return FallbackReasons.Ended;
        }

        if (LiveCode.Open(keys, live, id) is not var (code, userId, key))
        {
            return FallbackReasons.NotDeliverable;
        }

        var command = new SendCommand(caller, userId, CanonicalPhone.Of(code.PhoneE164), live.Purpose, code.Locale, null, code.AppHash, null)
        {
            Channels = code.Channels,
        };
        var stored = issuer.Restore(live, id, code, key, now);
        var (from, why) = (delivery.Channel, reason);
        foreach (var next in FallbackRules.Untried(code.Channels, delivery.ChannelAttempts.Select(a => a.Channel), options.Value.IsEnabled))
        {
            if (await limiter.AcquireAsync(limits.ForPhone(command.LimitSubject), now, cancellationToken) is not LimitDecision.Admitted admitted)
            {
                return FallbackReasons.PhoneLimit;
            }

            Counted(command.Client, slot.UserTag, from, next, why);
            var failed = await issuer.DeliverByAsync(command, next, stored, [], cancellationToken);
            if (failed is null)
            {
                return null;
            }

            // Nothing went out on this channel: its per-phone entries go back, and the next channel is tried at once.
            await limiter.ReleaseAsync(admitted.Recorded, CancellationToken.None);
            (from, why) = (next, FallbackRules.ReasonOf(failed));
        }

        return FallbackReasons.NoChannelLeft;
    }

    private void Counted(string client, string userTag, string from, string to, string reason)
    {
        Log.ChannelFallback(logger, client, userTag, from, to, reason);
        SecureOtpTelemetry.ChannelFallbacks.Add(1, SecureOtpTelemetry.Tag("from", from), SecureOtpTelemetry.Tag("to", to), SecureOtpTelemetry.Tag("reason", reason));
    }
}
