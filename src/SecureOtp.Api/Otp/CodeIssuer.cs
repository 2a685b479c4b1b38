using Microsoft.Extensions.Options;
using SecureOtp.Api.Channels;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Otp.Transactions;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>A code drawn for one send, not yet stored or texted: the store's record (only hashes), the text and the answer.</summary>
/// <param name="Code">The code itself, in memory for this send only: a voice call speaks it, a WhatsApp template carries it.</param>
internal sealed record DraftCode(NewVerification Verification, string Text, SendOtpResponse Response, string Code);

/// <summary>A stored code on its way out by one channel: <paramref name="Code"/> for a call or a WhatsApp template,
/// <paramref name="Text"/> for a text; <paramref name="CallingCode"/> is the destination's metric label.</summary>
internal sealed record StoredCode(VerificationId Id, string KeyId, DateTimeOffset ExpiresAt, string CallingCode, string Code, string Text);

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
    IServiceProvider services,
    IOptions<OtpOptions> options,
    ILogger<CodeIssuer> logger)
{
    /// <param name="fixedCode">A test number's configured code (<see cref="TestNumbers.TestNumberDirectory"/>), stored
    /// hashed like any code; null draws a fresh one.</param>
    public DraftCode Draft(SendCommand command, RiskAssessment risk, DateTimeOffset now, string? fixedCode = null)
    {
        var o = options.Value;
        var key = keys.Active;
        var userHash = Pseudonyms.UserHash(pseudonymKey, command.Tenant, command.UserId);
        var id = VerificationId.New(userHash, Pseudonyms.PurposeHash(pseudonymKey, command.Purpose));
        var code = fixedCode ?? CodeGenerator.NewCode(o.CodeLength);
        var metricLabel = fixedCode is null ? command.Phone.Destination.CountryLabel : TestNumbers.TestNumberDirectory.MetricLabel;

        // Report whole seconds: expiry rounded down and resend-after rounded up (the cooldown's window ends at or before
        // it), so a client that trusts the answer is never surprised by a code dying early or a resend refused late.
        var expiresAt = FloorToSecond(now + o.Ttl);
        var resendAfter = CeilingToSecond(now + o.ResendCooldown);
        var transaction = command.Transaction;
        var verification = new NewVerification(id, key.Id, CodeHasher.Hash(key, code, id, transaction?.Encode()), userHash[..Pseudonyms.UserBindingLength],
            Pseudonyms.TenantTag(pseudonymKey, command.Tenant), command.Purpose, UserIdProtector.Protect(key, command.UserId, id.Bytes),
            o.MaxAttempts, expiresAt, metricLabel, SealedVerificationId.Seal(pseudonymKey, id),
            SealedTransaction: transaction is null ? null : TransactionSeal.Seal(pseudonymKey, transaction, id))
        {
            SealedDelivery = SealedDelivery.Seal(key, new CodeDelivery(code, command.Phone.E164, command.Locale, command.AppHash, command.Channels), id),
        };
        var text = Compose(code, command.Locale, o.Ttl, command.AppHash, transaction);
        return new DraftCode(verification, text,
            new SendOtpResponse(id.Value, "pending", command.Channels[0], expiresAt, resendAfter, o.MaxAttempts, risk), code);
    }

    /// <summary>Delivers the stored code by the send's first channel that takes it (the next one when a provider refuses
    /// or is unavailable); once a provider accepts it, its delivery is tracked.</summary>
    /// <param name="cooldowns">The send's resend-cooldown entries: a text later reported undelivered releases them.</param>
    public async Task<SendOutcome> DeliverAsync(
        SendCommand command, DraftCode draft, IReadOnlyList<LimitCheck> cooldowns, CancellationToken cancellationToken)
    {
        var v = draft.Verification;
        var delivery = new StoredCode(v.Id, v.KeyId, v.ExpiresAt, v.CallingCode, draft.Code, draft.Text);
        SendOutcome? failed = null;
        string? previous = null;
        foreach (var channel in command.Channels)
        {
            // Fallback at once, same code: a channel whose provider refuses or is down gives way to the next of the list.
            // Only the channel that took the code delivered it, so the send's one limit entry counts that delivery.
            if (previous is not null)
            {
                SecureOtpTelemetry.ChannelFallbacks.Add(1, SecureOtpTelemetry.Tag("from", previous), SecureOtpTelemetry.Tag("to", channel),
                    SecureOtpTelemetry.Tag("reason", FallbackRules.ReasonOf(failed!)));
            }

            failed = await DeliverByAsync(command, channel, delivery, cooldowns, cancellationToken);
            if (failed is null)
            {
                return new SendOutcome.Sent(draft.Response with { Channel = channel });
            }

            previous = channel;
        }

        return failed!;
    }

    /// <summary>Delivers a stored code by one channel and, once the provider accepts it, tracks its delivery.</summary>
    /// <returns>Null once accepted; otherwise the refusal (<c>destination_unreachable</c> or <c>sms_unavailable</c>).</returns>
    public async Task<SendOutcome?> DeliverByAsync(
        SendCommand command, string channel, StoredCode code, IReadOnlyList<LimitCheck> cooldowns, CancellationToken cancellationToken)
    {
        // Named before it goes out: the provider carries the reference and its receipts bring it back.
        var reference = DeliveryReference.New(code.Id);
        var delivery = channel == ChannelNames.Sms
            ? await SendTextAsync(new SmsMessage(command.Phone.E164, code.Text, reference.Text, code.ExpiresAt, code.CallingCode), cancellationToken)
            : await SendByChannelAsync(channel, new ChannelMessage(command.Phone.E164, code.Code, command.Locale, reference.Text), cancellationToken);
        if (delivery is not SmsSendResult.AcceptedResult accepted)
        {
            var (outcome, reason) = delivery switch
            {
                SmsSendResult.DestinationUnreachable refused => ((SendOutcome)new SendOutcome.DestinationUnreachable(), refused.Reason),
                SmsSendResult.Unavailable down => (new SendOutcome.SmsUnavailable(down.RetryAfter), down.Reason),
                _ => (new SendOutcome.SmsUnavailable(TimeSpan.FromSeconds(5)), "unknown"),
            };
            Log.SendFailed(logger, command.Client, code.Id.Slot.UserTag, command.Phone.Masked, reason);
            return outcome;
        }

        Log.CodeSent(logger, command.Client, code.Id.Slot.UserTag, command.Phone.Masked, command.Purpose, code.KeyId);
        await tracker.AcceptedAsync(code.Id, command, accepted, code.ExpiresAt, cooldowns, channel, reference);
        return null;
    }

    /// <summary>A live verification's code, opened (<see cref="LiveCode"/>), ready to go out again by another channel
    /// (<c>/resend</c>, fallback): the same code, its text composed anew for the time left.</summary>
    public StoredCode Restore(VerificationState live, VerificationId id, CodeDelivery delivery, HashKey key, DateTimeOffset now)
    {
        var transaction = live.SealedTransaction is { } box ? TransactionSeal.Open(pseudonymKey, box, id) : null;
        return new StoredCode(id, key.Id, live.ExpiresAt, live.CallingCode, delivery.Code,
            Compose(delivery.Code, delivery.Locale, live.ExpiresAt - now, delivery.AppHash, transaction));
    }

    /// <summary>The text of a code (with its payment, when bound to one), as a send composes it.</summary>
    public string Compose(string code, string? locale, TimeSpan ttl, string? appHash, PaymentTransaction? transaction) =>
        composer.Compose(code, locale, ttl, appHash,
            transaction is null ? null : new SmsPayment(transaction.Amount, transaction.Currency, transaction.Payee));

    /// <summary>A test number's stored code: nothing is texted, so no provider is asked and no delivery is tracked (the
    /// delivery and conversion figures leave it out).</summary>
    public SendOutcome KeepTestCode(SendCommand command, DraftCode draft)
    {
        Log.TestCodeStored(logger, command.Client, draft.Verification.Id.Slot.UserTag, command.Phone.Masked, command.Purpose);
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

    /// <summary>A voice call or WhatsApp message, seen as the SMS path sees a text (one provider, its one attempt).</summary>
    private async Task<SmsSendResult> SendByChannelAsync(string channel, ChannelMessage message, CancellationToken cancellationToken)
    {
        var sender = services.GetRequiredKeyedService<IChannelSender>(channel);
        var result = await sender.TrySendAsync(message, cancellationToken);
        var attempt = new ProviderAttempt(sender.Provider, result is ProviderSendResult.Sent ? "sent" : "not_sent", result.Label);
        return result is ProviderSendResult.Sent sent
            ? new SmsSendResult.AcceptedResult(sent.MessageIds) { Provider = sender.Provider, Attempts = [attempt] }
            : result.ToSmsSendResult();
    }

    private static DateTimeOffset FloorToSecond(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    internal static DateTimeOffset CeilingToSecond(DateTimeOffset t)
    {
        var floor = FloorToSecond(t);
        return floor == t ? t : floor.AddSeconds(1);
    }
}
