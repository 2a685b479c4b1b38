using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp.Delivery;
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
    ILogger<OtpVerifyService> logger)
{
    public async Task<VerifyOutcome> VerifyAsync(VerifyCommand command, CancellationToken cancellationToken)
    {
        var id = command.VerificationId;
        // The client's verify budget joins the per-IP one, in the attempt's own script: no extra round trip.
        IReadOnlyList<LimitCheck> verifyLimits = [.. writeLimits.For(WriteOperation.Verify, command.Client), .. limits.ForVerify(command.Tenant, command.ClientIp)];
        var outcome = await CheckAsync(id, command, verifyLimits, cancellationToken);
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

        Log.VerifyOutcome(logger, command.Client, ProvenUserTag(id, outcome), outcome.Replayed ? OtpOutcomeTables.ReplayLabel : OtpOutcomeTables.Verify[outcome.Kind].Label);
        return outcome;
    }

    /// <summary>What an audit line names instead of a user the caller has not been shown to own.</summary>
    private const string UnprovenUser = "-";

    /// <summary>
    /// The id's user tag, for outcomes that prove the verification is the caller's (the store compares the tenant first);
    /// for a not-found id, which may be another tenant's, nothing: one tenant's audit lines never name another's users.
    /// </summary>
    private static string ProvenUserTag(VerificationId id, VerifyOutcome outcome) =>
        outcome is VerifyOutcome.NotFound ? UnprovenUser : id.Slot.UserTag;

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
                    Attempts: delivery.Attempts.Count == 0 ? null : [.. delivery.Attempts.Select(a => new DeliveryAttemptResponse(a.Provider, a.Outcome, a.Reason))]));
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

    private async Task<VerifyOutcome> CheckAsync(VerificationId id, VerifyCommand command, IReadOnlyList<LimitCheck> verifyLimits, CancellationToken cancellationToken)
    {
        // The user binding is a pseudonym, the same under every code key; only the code's hash depends on the key.
        var userBinding = command.UserId is null ? null : Pseudonyms.UserBinding(pseudonymKey, command.Tenant, command.UserId);
        var candidates = new CodeCandidate[keys.All.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var key = keys.All[i];
            candidates[i] = new CodeCandidate(key.Id, CodeHasher.Hash(key, command.Code, id), userBinding);
        }

        // A replay is answered for as long as a code lives: a retry after a stall comes within seconds, not hours.
        var replay = command.IdempotencyKey is { } idempotencyKey
            ? idempotency.ForVerify(command.Client, idempotencyKey, id, command.Code, command.UserId, options.Value.Ttl)
            : null;
        var tenantTag = Pseudonyms.TenantTag(pseudonymKey, command.Tenant);
        var attempted = await store.AttemptAsync(id, tenantTag, candidates, limits.VerifyFailureCap, time.GetUtcNow(), cancellationToken, replay, verifyLimits);
        if (attempted is AttemptOutcome.Approved approved)
        {
            // Conversion's numerator, by the country and purpose the code was sent for; a replayed approval is not counted again.
            SecureOtpTelemetry.OtpApproved.Add(1, SecureOtpTelemetry.Tag("country", approved.CallingCode),
                SecureOtpTelemetry.Tag("purpose", DeliveryRefs.Purpose(approved.Purpose)));
        }

        return attempted is AttemptOutcome.Replayed replayed ? Outcome(id, replayed.First) with { Replayed = true } : Outcome(id, attempted);
    }

    private VerifyOutcome Outcome(VerificationId id, AttemptOutcome attempted)
    {
        switch (attempted)
        {
            case AttemptOutcome.Approved approved:
                return Approve(id, approved);
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

    private VerifyOutcome.Approved Approve(VerificationId id, AttemptOutcome.Approved approved)
    {
        // The store approved a candidate hashed under this key id, so the ring has it.
        keys.TryGet(approved.KeyId, out var key);
        var userId = UserIdProtector.Unprotect(key, approved.SealedUserId, id.Bytes);
        return new VerifyOutcome.Approved(new VerifyOtpResponse("approved", id.Value, userId, approved.Purpose));
    }
}
