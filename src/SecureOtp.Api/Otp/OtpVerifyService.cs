using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Checks a code in two store round trips: read the salt and key id (nothing changes), then one atomic script that
/// compares the hash computed here, counts the attempt, locks at the limit and consumes on success.
/// The server secret stays in this process; Redis only ever compares two hashes.
/// </summary>
internal sealed class OtpVerifyService(
    IOtpStore store,
    HashKeyRing keys,
    AbuseLimits limits,
    IRateLimiter limiter,
    TimeProvider time,
    ILogger<OtpVerifyService> logger)
{
    public async Task<VerifyOutcome> VerifyAsync(string client, VerifyOtpRequest request, CancellationToken cancellationToken)
    {
        var parsed = VerificationId.TryParse(request.VerificationId, out var id);
        var userTag = parsed ? id.Slot.UserTag : "-";
        if (await limiter.AcquireAsync(limits.ForVerify(request.ClientIp), time.GetUtcNow(), cancellationToken) is LimitDecision.Refused refused)
        {
            Log.VerifyRateLimited(logger, client, userTag, refused.Limit, refused.RetryAfter.TotalSeconds);
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", refused.Limit));
            return new VerifyOutcome.RateLimited(refused.Limit, refused.RetryAfter);
        }

        var outcome = parsed ? await CheckAsync(id, request, cancellationToken) : new VerifyOutcome.NotFound();
        if (outcome is VerifyOutcome.RateLimited capped)
        {
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", capped.Limit));
        }

        Log.VerifyOutcome(logger, client, userTag, OutcomeName(outcome));
        return outcome;
    }

    public async Task<VerificationStatusResponse?> GetStatusAsync(string verificationId, CancellationToken cancellationToken)
    {
        if (!VerificationId.TryParse(verificationId, out var id))
        {
            return null;
        }

        var state = await store.GetStateAsync(id, time.GetUtcNow(), cancellationToken);
        return state is null ? null
            : new VerificationStatusResponse(id.Value, state.Locked ? "locked" : "pending", state.AttemptsRemaining, state.ExpiresAt, state.Purpose);
    }

    public async Task CancelAsync(string client, string verificationId, CancellationToken cancellationToken)
    {
        if (VerificationId.TryParse(verificationId, out var id))
        {
            await store.CancelAsync(id, cancellationToken);
            Log.Cancelled(logger, client, id.Slot.UserTag);
        }
    }

    /// <summary>Called only with a handle that parses: one we could never have issued names nothing and touches no storage.</summary>
    private async Task<VerifyOutcome> CheckAsync(VerificationId id, VerifyOtpRequest request, CancellationToken cancellationToken)
    {
        var parameters = await store.GetCodeParametersAsync(id, time.GetUtcNow(), cancellationToken);
        if (parameters is null)
        {
            return new VerifyOutcome.NotFound();
        }

        if (parameters.Locked)
        {
            return new VerifyOutcome.Locked();
        }

        if (!keys.TryGet(parameters.KeyId, out var key))
        {
            Log.UnknownHashKey(logger, parameters.KeyId);
            return new VerifyOutcome.NotFound();
        }

        // A userId given with the code must be the one the code was sent for. A mismatch simply yields another hash,
        // so it is counted and answered exactly like a wrong code and tells the caller nothing more.
        var userHash = request.UserId is null ? parameters.UserHash : Pseudonyms.UserBinding(key, request.UserId);
        var candidate = CodeHasher.Hash(key, parameters.Salt, request.Code!, id, userHash, parameters.Purpose);

        return await store.AttemptAsync(id, candidate, limits.VerifyFailureCap, time.GetUtcNow(), cancellationToken) switch
        {
            AttemptOutcome.Approved approved => Approve(id, approved),
            AttemptOutcome.Incorrect incorrect => new VerifyOutcome.Incorrect(incorrect.AttemptsRemaining),
            AttemptOutcome.Locked => new VerifyOutcome.Locked(),
            AttemptOutcome.FailureCapReached capped => new VerifyOutcome.RateLimited("user_failed_verifies_per_day", capped.RetryAfter),
            _ => new VerifyOutcome.NotFound(),
        };
    }

    private VerifyOutcome.Approved Approve(VerificationId id, AttemptOutcome.Approved approved)
    {
        // The key was present a moment ago for the hash; it is the same ring, so it is present now.
        keys.TryGet(approved.KeyId, out var key);
        var userId = UserIdProtector.Unprotect(key, approved.SealedUserId, id.Bytes);
        return new VerifyOutcome.Approved(new VerifyOtpResponse("approved", id.Value, userId, approved.Purpose));
    }

    private static string OutcomeName(VerifyOutcome outcome) => outcome switch
    {
        VerifyOutcome.Approved => "approved",
        VerifyOutcome.Incorrect => "incorrect_code",
        VerifyOutcome.Locked => "locked",
        VerifyOutcome.RateLimited => "rate_limited",
        _ => "not_found",
    };
}
