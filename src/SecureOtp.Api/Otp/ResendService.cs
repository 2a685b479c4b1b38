using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// <c>POST /otp/{id}/resend</c>: the live code again, by the channel the user asked for ("call me instead"). Nothing of the
/// verification changes (id, code, attempts, expiry); the resend is a send to the limits (the resend cooldowns and the
/// per-phone limits count it), and its delivery is tracked like the first.
/// </summary>
internal sealed class ResendService(
    IOtpStore store,
    CodeIssuer issuer,
    HashKeyRing keys,
    PseudonymKey pseudonymKey,
    AbuseLimits limits,
    IRateLimiter limiter,
    IOptions<OtpOptions> options,
    TimeProvider time,
    ILogger<ResendService> logger)
{
    public async Task<ResendOutcome> ResendAsync(ApiCaller caller, VerificationId id, string channel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await store.GetStateAsync(id, Pseudonyms.TenantTag(pseudonymKey, caller.Tenant), now, cancellationToken);
        if (state is null)
        {
            return new ResendOutcome.NotFound();
        }

        if (state.Locked || LiveCode.Open(keys, state, id) is not { } stored)
        {
            return new ResendOutcome.NotPending();
        }

        var (delivery, userId, key) = stored;
        var command = new SendCommand(caller, userId, CanonicalPhone.Of(delivery.PhoneE164), state.Purpose, delivery.Locale, null, delivery.AppHash, null)
        {
            Channels = [channel],
        };
        var decision = await limiter.AcquireAsync(limits.ForSend(command.LimitSubject, options.Value.ResendCooldown), now, cancellationToken);
        if (decision is LimitDecision.Refused refused)
        {
            return new ResendOutcome.Refused(OtpSendService.LimitRefusal(logger, command, refused));
        }

        var recorded = ((LimitDecision.Admitted)decision).Recorded;
        var response = new ResendOtpResponse(id.Value, "pending", channel, state.ExpiresAt, CodeIssuer.CeilingToSecond(now + options.Value.ResendCooldown), state.AttemptsRemaining);
        if (state.CallingCode == TestNumbers.TestNumberDirectory.MetricLabel)
        {
            // A test number's code is never delivered, whichever channel asks for it.
            return new ResendOutcome.Sent(response);
        }

        var code = issuer.Restore(state, id, delivery, key, now);
        var failed = await DeliverOrReleaseAsync(command, channel, code, recorded, cancellationToken);
        return failed is null ? new ResendOutcome.Sent(response) : new ResendOutcome.Refused(failed);
    }

    /// <summary>A resend that did not go out gives its limit entries back: the user was sent nothing.</summary>
    private async Task<SendOutcome?> DeliverOrReleaseAsync(
        SendCommand command, string channel, StoredCode code, IReadOnlyList<LimitCheck> recorded, CancellationToken cancellationToken)
    {
        SendOutcome? failed;
        try
        {
            failed = await issuer.DeliverByAsync(command, channel, code, [.. recorded.Where(c => AbuseLimits.IsResendCooldown(c.Name))], cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            limiter.ReleaseLater(recorded);
            throw;
        }

        if (failed is not null)
        {
            await limiter.ReleaseAsync(recorded, CancellationToken.None);
        }

        return failed;
    }
}
