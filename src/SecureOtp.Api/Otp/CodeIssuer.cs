using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Issues one code once every guard has passed: draw it, keep only its keyed hash, text it, and withdraw it again if
/// the text cannot go out.
/// </summary>
internal sealed class CodeIssuer(
    IOtpStore store,
    ISmsSender sms,
    SmsTextComposer composer,
    HashKeyRing keys,
    PseudonymKey pseudonymKey,
    DeliveryTracker tracker,
    IOptions<OtpOptions> options,
    TimeProvider time,
    ILogger<CodeIssuer> logger)
{
    /// <param name="hold">Takes the limit entries the store recorded with the code (from <paramref name="limitsFirst"/>).</param>
    /// <param name="limitsFirst">The send's limits when they have not been taken yet (no SIM-swap lookup came first).</param>
    public async Task<SendOutcome> IssueAsync(
        SendCommand command, RiskAssessment risk, SendHold hold, IReadOnlyList<LimitCheck> limitsFirst, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var key = keys.Active;
        var userHash = Pseudonyms.UserHash(pseudonymKey, command.Tenant, command.UserId);
        var id = VerificationId.New(userHash, Pseudonyms.PurposeHash(pseudonymKey, command.Purpose));
        var code = CodeGenerator.NewCode(o.CodeLength);

        // Report whole seconds: expiry rounded down and resend-after rounded up, and store exactly what is reported,
        // so a client that trusts the answer is never surprised by a code dying early or a resend refused late.
        var now = time.GetUtcNow();
        var expiresAt = FloorToSecond(now + o.Ttl);
        var resendAfter = CeilingToSecond(now + o.ResendCooldown);
        var userBinding = userHash[..Pseudonyms.UserBindingLength];
        var verification = new NewVerification(id, key.Id, CodeHasher.Hash(key, code, id), userBinding,
            Pseudonyms.TenantTag(pseudonymKey, command.Tenant), command.Purpose, UserIdProtector.Protect(key, command.UserId, id.Bytes),
            o.MaxAttempts, expiresAt, resendAfter, command.Phone.Destination.CountryLabel);

        var started = await store.StartAsync(verification, now, cancellationToken, limitsFirst);
        if (started.RecordedLimits.Count > 0)
        {
            hold.HoldLimits(started.RecordedLimits);
        }

        switch (started)
        {
            case StartOutcome.LimitRefused refused:
                return SendLimitRefusal.Outcome(logger, command, refused.Refusal);
            case StartOutcome.ResendTooSoon tooSoon:
                Log.SendRefused(logger, command.Client, id.Slot.UserTag, OtpOutcomeTables.Send[SendOutcomeKind.ResendTooSoon].Label);
                return new SendOutcome.ResendTooSoon(tooSoon.RetryAfter);
        }

        var text = composer.Compose(code, command.Locale, o.Ttl, command.AppHash);
        SmsSendResult delivery;
        try
        {
            delivery = await DeliverAsync(new SmsMessage(command.Phone.E164, text, id.LookupHash), cancellationToken);
        }
        catch
        {
            // The caller left mid-send: it will never learn the verification id, so the code is useless to it. Withdraw it.
            await store.AbortAsync(id, CancellationToken.None);
            throw;
        }

        if (delivery is not SmsSendResult.AcceptedResult accepted)
        {
            // A code the user never received must not stay live, and a failed send must not cost the user a cooldown.
            await store.AbortAsync(id, CancellationToken.None);
            var (outcome, reason) = delivery switch
            {
                SmsSendResult.DestinationUnreachable refused => ((SendOutcome)new SendOutcome.DestinationUnreachable(), refused.Reason),
                SmsSendResult.Unavailable down => (new SendOutcome.SmsUnavailable(down.RetryAfter), down.Reason),
                _ => (new SendOutcome.SmsUnavailable(TimeSpan.FromSeconds(5)), "unknown"),
            };
            Log.SendFailed(logger, command.Client, id.Slot.UserTag, command.Phone.Masked, reason);
            return outcome;
        }

        Log.CodeSent(logger, command.Client, id.Slot.UserTag, command.Phone.Masked, command.Purpose, key.Id);
        // The resend-cooldown entry this send recorded (null when the cooldown is off): a text later reported undelivered releases it.
        await tracker.AcceptedAsync(id, command, accepted.MessageIds, expiresAt, hold.Held(AbuseLimits.ResendCooldown));
        return new SendOutcome.Sent(new SendOtpResponse(id.Value, "pending", "sms", expiresAt, resendAfter, o.MaxAttempts, risk));
    }

    /// <summary>Any failure of the sender, other than the caller going away, counts as "not delivered".</summary>
    private async Task<SmsSendResult> DeliverAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await sms.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), e.GetType().Name);
        }
    }

    private static DateTimeOffset FloorToSecond(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    private static DateTimeOffset CeilingToSecond(DateTimeOffset t)
    {
        var floor = FloorToSecond(t);
        return floor == t ? t : floor.AddSeconds(1);
    }
}
