using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>A code drawn for one send, not yet stored or texted: the store's record (only hashes), the text and the answer.</summary>
internal sealed record DraftCode(NewVerification Verification, string Text, SendOtpResponse Response);

/// <summary>
/// Issues one code once every guard has passed, in two steps around the store (<see cref="OtpSendService"/> stores it in
/// between): <see cref="Draft"/> draws it and keeps only its keyed hash, <see cref="DeliverAsync"/> texts it. Withdrawing
/// a code that could not go out is the <see cref="SendReservation"/>'s.
/// </summary>
internal sealed class CodeIssuer(
    ISmsSender sms,
    SmsTextComposer composer,
    HashKeyRing keys,
    PseudonymKey pseudonymKey,
    DeliveryTracker tracker,
    IOptions<OtpOptions> options,
    ILogger<CodeIssuer> logger)
{
    public DraftCode Draft(SendCommand command, RiskAssessment risk, DateTimeOffset now)
    {
        var o = options.Value;
        var key = keys.Active;
        var userHash = Pseudonyms.UserHash(pseudonymKey, command.Tenant, command.UserId);
        var id = VerificationId.New(userHash, Pseudonyms.PurposeHash(pseudonymKey, command.Purpose));
        var code = CodeGenerator.NewCode(o.CodeLength);

        // Report whole seconds: expiry rounded down and resend-after rounded up (the cooldown's window ends at or before
        // it), so a client that trusts the answer is never surprised by a code dying early or a resend refused late.
        var expiresAt = FloorToSecond(now + o.Ttl);
        var resendAfter = CeilingToSecond(now + o.ResendCooldown);
        var verification = new NewVerification(id, key.Id, CodeHasher.Hash(key, code, id), userHash[..Pseudonyms.UserBindingLength],
            Pseudonyms.TenantTag(pseudonymKey, command.Tenant), command.Purpose, UserIdProtector.Protect(key, command.UserId, id.Bytes),
            o.MaxAttempts, expiresAt, command.Phone.Destination.CountryLabel, SealedVerificationId.Seal(pseudonymKey, id));
        var text = composer.Compose(code, command.Locale, o.Ttl, command.AppHash);
        return new DraftCode(verification, text, new SendOtpResponse(id.Value, "pending", "sms", expiresAt, resendAfter, o.MaxAttempts, risk));
    }

    /// <summary>Texts the stored code; once the provider accepts it, its delivery is tracked.</summary>
    /// <param name="cooldowns">The send's resend-cooldown entries: a text later reported undelivered releases them.</param>
    public async Task<SendOutcome> DeliverAsync(
        SendCommand command, DraftCode draft, IReadOnlyList<LimitCheck> cooldowns, CancellationToken cancellationToken)
    {
        var v = draft.Verification;
        var delivery = await SendTextAsync(new SmsMessage(command.Phone.E164, draft.Text, v.Id.LookupHash, v.ExpiresAt, v.CallingCode), cancellationToken);
        if (delivery is not SmsSendResult.AcceptedResult accepted)
        {
            var (outcome, reason) = delivery switch
            {
                SmsSendResult.DestinationUnreachable refused => ((SendOutcome)new SendOutcome.DestinationUnreachable(), refused.Reason),
                SmsSendResult.Unavailable down => (new SendOutcome.SmsUnavailable(down.RetryAfter), down.Reason),
                _ => (new SendOutcome.SmsUnavailable(TimeSpan.FromSeconds(5)), "unknown"),
            };
            Log.SendFailed(logger, command.Client, v.Id.Slot.UserTag, command.Phone.Masked, reason);
            return outcome;
        }

        Log.CodeSent(logger, command.Client, v.Id.Slot.UserTag, command.Phone.Masked, command.Purpose, v.KeyId);
        await tracker.AcceptedAsync(v.Id, command, accepted, v.ExpiresAt, cooldowns);
        return new SendOutcome.Sent(draft.Response);
    }

    /// <summary>Any failure of the sender, other than the caller going away, counts as "not delivered".</summary>
    private async Task<SmsSendResult> SendTextAsync(SmsMessage message, CancellationToken cancellationToken)
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
