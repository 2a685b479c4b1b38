using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Otp.Transactions;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Checks a code in one store round trip: the presented code is hashed here under each configured key, and one atomic
/// script picks the hash for the key the code was issued under, compares, counts the attempt, locks at the limit and
/// consumes on success. The server secret stays in this process; Redis only ever compares hashes.
/// With an Idempotency-Key the same script keeps the first answer, so a caller answered 503 while Redis ran the attempt
/// gets that answer on retry instead of a 404 for a code it has used.
/// </summary>
internal sealed class OtpVerifyService(
    IOtpStore store,
    IDeliveryStore deliveries,
    HashKeyRing keys,
    PseudonymKey pseudonymKey,
    IdempotencyProtector idempotency,
    AbuseLimits limits,
    WriteLimits writeLimits,
    IRateLimiter limiter,
    IOptions<OtpOptions> options,
    TimeProvider time,
    WarmUpClient warmUp,
    ILogger<OtpVerifyService> logger)
{
    public async Task<VerifyOutcome> VerifyAsync(VerifyCommand command, CancellationToken cancellationToken)
    {
        // The client's verify budget joins the per-IP one, in the attempt's own script: no extra round trip.
        IReadOnlyList<LimitCheck> verifyLimits = [.. writeLimits.For(WriteOperation.Verify, command.Client), .. limits.ForVerify(command.Tenant, command.ClientIp)];
        var target = await TargetAsync(command, cancellationToken);
        var outcome = target.Id is { } id
            ? await CheckAsync(id, command, target.Replay, verifyLimits, cancellationToken)
            : await NothingToCheckAsync(verifyLimits, cancellationToken);
        if (outcome is VerifyOutcome.RateLimited limited)
        {
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", limited.Limit));
            if (limited.ByLimiter)
            {
                // Refused before the record was read: the id may be another tenant's, whose users this line must not name.
                Log.VerifyRateLimited(logger, command.Client, UnprovenUser, limited.Limit, limited.RetryAfter.TotalSeconds);
                return outcome;
            }
        }

        if (warmUp.Audits(command.Client))
        {
            Log.VerifyOutcome(logger, command.Client, target.UserTag(outcome), outcome.Replayed ? OtpOutcomeTables.ReplayLabel : OtpOutcomeTables.Verify[outcome.Kind].Label);
        }
        return outcome;
    }

    /// <summary>
    /// The verification a verify checks: the one its id names, or (verify by user) the user's live one for the purpose,
    /// found with its sealed id in one read. With an Idempotency-Key the user form pins the id found first, so a repeat
    /// replays the first answer even once that answer consumed the record.
    /// </summary>
    private async Task<VerifyTarget> TargetAsync(VerifyCommand command, CancellationToken cancellationToken)
    {
        var retention = options.Value.Ttl;
        if (command.VerificationId is { } id)
        {
            // A purpose named beside the id must be the id's own (its bytes carry the purpose tag): a code sent for one
            // purpose never approves another. A mismatch names nothing to check, as an unknown id.
            if (command.Purpose is { } purpose && VerificationId.SlotOf(id.Bytes, Pseudonyms.PurposeHash(pseudonymKey, purpose)) != id.Slot)
            {
                return new VerifyTarget(null, null, null);
            }

            // A replay is answered for as long as a code lives: a retry after a stall comes within seconds, not hours.
            return new VerifyTarget(id, command.IdempotencyKey is { } key
                ? idempotency.ForVerify(command.Client, key, id, command.Code, command.UserId, retention, command.Transaction)
                : null, null);
        }

        // Validation made the user form carry both; the user is the caller's own (its tag hashes the tenant in).
        var slot = VerificationId.SlotOf(Pseudonyms.UserHash(pseudonymKey, command.Tenant, command.UserId!), Pseudonyms.PurposeHash(pseudonymKey, command.Purpose!));
        var pin = command.IdempotencyKey is { } idempotencyKey ? idempotency.ForVerifyByUser(command.Client, idempotencyKey, slot, command.Code, retention, command.Transaction) : null;
        var sealedId = await store.LocateAsync(slot, Pseudonyms.TenantTag(pseudonymKey, command.Tenant), time.GetUtcNow(), pin, cancellationToken);
        var located = sealedId is not null && SealedVerificationId.TryOpen(pseudonymKey, sealedId, slot, out var found) ? found : null;
        return new VerifyTarget(located, pin, slot.UserTag);
    }

    /// <summary>No verification to check is answered as an unknown id is, after the same verify budgets: the user form is
    /// no free probe of which users have a code pending.</summary>
    private async Task<VerifyOutcome> NothingToCheckAsync(IReadOnlyList<LimitCheck> verifyLimits, CancellationToken cancellationToken) =>
        await limiter.AcquireAsync(verifyLimits, time.GetUtcNow(), cancellationToken) is LimitDecision.Refused refused
            ? new VerifyOutcome.RateLimited(refused.Limit, refused.RetryAfter, ByLimiter: true)
            : new VerifyOutcome.NotFound();

    /// <summary>What an audit line names instead of a user the caller has not been shown to own.</summary>
    internal const string UnprovenUser = "-";

    /// <summary>Null for an id that is unknown, no longer live or another tenant's: the caller cannot tell them apart.</summary>
    public async Task<VerificationStatusResponse?> GetStatusAsync(ApiCaller caller, VerificationId id, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(id, Pseudonyms.TenantTag(pseudonymKey, caller.Tenant), time.GetUtcNow(), cancellationToken);
        if (state is null)
        {
            return null;
        }

        // Read only once the record proved the verification is the caller's: another tenant learns nothing of its texts.
        var delivery = await deliveries.GetAsync(id, cancellationToken);
        return new VerificationStatusResponse(id.Value, state.Locked ? "locked" : "pending", state.AttemptsRemaining, state.ExpiresAt, state.Purpose,
            delivery is null
                ? new DeliveryStatusResponse(Sms.DeliveryStatus.Unknown, null, null)
                : new DeliveryStatusResponse(delivery.Status, delivery.UpdatedAt, delivery.ErrorCode, delivery.Channel, delivery.Provider,
                    Attempts: DeliveryAttempts.Of(delivery),
                    ChannelAttempts: [.. delivery.ChannelAttempts.Select(a => new ChannelAttemptResponse(a.Channel, a.Provider, a.Status, a.UpdatedAt, a.ErrorCode))]),
            state.SealedTransaction is { } sealedTransaction ? TransactionSeal.Open(pseudonymKey, sealedTransaction, id)?.ToDetails() : null);
    }

    /// <summary>
    /// Cancels the caller's own verification; another tenant's is left alone, and the answer is the same. Null when done
    /// (or nothing to do), the refusal when the client's cancel budget is spent (nothing is touched then). The audit line
    /// says what happened: a user is named only when its verification was cancelled, since an id that cancelled nothing
    /// may be another tenant's, whose users this caller's lines must never name.
    /// </summary>
    public async Task<LimitDecision.Refused?> CancelAsync(ApiCaller caller, VerificationId id, CancellationToken cancellationToken)
    {
        if (await limiter.AcquireAsync(writeLimits.For(WriteOperation.Cancel, caller.Client), time.GetUtcNow(), cancellationToken) is LimitDecision.Refused refused)
        {
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", refused.Limit));
            return refused;
        }

        if (await store.CancelAsync(id, Pseudonyms.TenantTag(pseudonymKey, caller.Tenant), cancellationToken))
        {
            Log.Cancelled(logger, caller.Client, id.Slot.UserTag);
        }
        else
        {
            Log.NothingToCancel(logger, caller.Client);
        }

        return null;
    }

    private async Task<VerifyOutcome> CheckAsync(
        VerificationId id, VerifyCommand command, AttemptReplay? replay, IReadOnlyList<LimitCheck> verifyLimits, CancellationToken cancellationToken)
    {
        // The user binding is a pseudonym, the same under every code key; only the code's hash depends on the key.
        var userBinding = command.UserId is null ? null : Pseudonyms.UserBinding(pseudonymKey, command.Tenant, command.UserId);
        // The transaction is part of what the code's MAC covers: another amount, currency or payee, or one given for a
        // code bound to none (or none for a bound one), hashes differently and counts as a wrong code.
        var transaction = command.Transaction?.Encode();
        var candidates = new CodeCandidate[keys.All.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var key = keys.All[i];
            candidates[i] = new CodeCandidate(key.Id, CodeHasher.Hash(key, command.Code, id, transaction), userBinding);
        }

        var tenantTag = Pseudonyms.TenantTag(pseudonymKey, command.Tenant);
        var attempted = await store.AttemptAsync(id, tenantTag, candidates, limits.VerifyFailureCap, time.GetUtcNow(), cancellationToken, replay, verifyLimits);
        if (attempted is AttemptOutcome.Approved approved && approved.CallingCode != TestNumbers.TestNumberDirectory.MetricLabel)
        {
            // Conversion's numerator, by the country and purpose the code was sent for; a replayed approval is not counted
            // again, nor a test number's (nothing was texted).
            SecureOtpTelemetry.OtpApproved.Add(1, SecureOtpTelemetry.Tag("country", approved.CallingCode),
                SecureOtpTelemetry.Tag("purpose", DeliveryRefs.Purpose(approved.Purpose)), SecureOtpTelemetry.Tag("channel", approved.Channel));
        }

        return attempted is AttemptOutcome.Replayed replayed
            ? Outcome(id, replayed.First, command.Transaction) with { Replayed = true }
            : Outcome(id, attempted, command.Transaction);
    }

    /// <param name="transaction">The transaction the caller presented: an approval proves it is the one the code is bound
    /// to (and a replay's key is bound to it), so the answer echoes it.</param>
    private VerifyOutcome Outcome(VerificationId id, AttemptOutcome attempted, PaymentTransaction? transaction)
    {
        switch (attempted)
        {
            case AttemptOutcome.Approved approved:
                return Approve(id, approved, transaction);
            case AttemptOutcome.Incorrect incorrect:
                return new VerifyOutcome.Incorrect(incorrect.AttemptsRemaining);
            case AttemptOutcome.Locked:
                return new VerifyOutcome.Locked();
            case AttemptOutcome.FailureCapReached capped:
                return new VerifyOutcome.RateLimited(FailureCap.Name, capped.RetryAfter);
            case AttemptOutcome.UnknownKey unknown:
                Log.UnknownHashKey(logger, unknown.KeyId);
                return new VerifyOutcome.NotFound();
            case AttemptOutcome.IdempotencyKeyReused:
                return new VerifyOutcome.IdempotencyKeyReused();
            case AttemptOutcome.LimitRefused refused:
                return new VerifyOutcome.RateLimited(refused.Limit, refused.RetryAfter, ByLimiter: true);
            default:
                return new VerifyOutcome.NotFound();
        }
    }

    private VerifyOutcome.Approved Approve(VerificationId id, AttemptOutcome.Approved approved, PaymentTransaction? transaction)
    {
        // The store approved a candidate hashed under this key id, so the ring has it.
        keys.TryGet(approved.KeyId, out var key);
        var userId = UserIdProtector.Unprotect(key, approved.SealedUserId, id.Bytes);
        return new VerifyOutcome.Approved(new VerifyOtpResponse("approved", id.Value, userId, approved.Purpose, transaction?.ToDetails()));
    }
}
