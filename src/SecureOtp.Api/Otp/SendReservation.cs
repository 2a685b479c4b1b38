using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Everything one send takes from the store while it runs — its Idempotency-Key claim, the limit entries it recorded (the
/// resend cooldowns among them) and the verification it started — and the one place that gives them back. Disposing
/// withdraws the code and releases whatever is still held; <see cref="KeepAsync"/> keeps it all for a code that went out.
/// A failed or refused send therefore never leaves a live code, costs the user a limit entry or blocks a retry of its key.
/// </summary>
internal sealed class SendReservation(IOtpStore store, IRateLimiter limiter, TimeSpan idempotencyRetention) : IAsyncDisposable
{
    private SendIdempotencyKey? claim;
    private IReadOnlyList<LimitCheck>? recorded;
    private VerificationId? started;
    private bool storeFailed;

    /// <summary>The resend-cooldown entries recorded so far: a text later reported undelivered releases them.</summary>
    public IReadOnlyList<LimitCheck> Cooldowns => [.. (recorded ?? []).Where(c => AbuseLimits.IsResendCooldown(c.Name))];

    public void HoldClaim(SendIdempotencyKey key) => claim = key;

    public void HoldLimits(IReadOnlyList<LimitCheck> entries) => recorded = recorded is null ? entries : [.. recorded, .. entries];

    /// <summary>Takes the limits on their own (before a paid SIM-swap lookup, so they also bound the lookups).</summary>
    public async Task<LimitDecision> TakeLimitsAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken) =>
        Held(await limiter.AcquireAsync(checks, now, cancellationToken));

    /// <summary>Stores the verification, with the limits not taken yet in the same store call (one round trip where the
    /// store can).</summary>
    public async Task<LimitDecision> StartAsync(
        NewVerification verification, IReadOnlyList<LimitCheck> limitsFirst, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var decision = Held(await store.StartAsync(verification, now, cancellationToken, limitsFirst));
        if (decision is LimitDecision.Admitted)
        {
            started = verification.Id;
        }

        return decision;
    }

    /// <summary>
    /// The store did not answer this request: what is held is given back in the background once it answers again, so the
    /// 503 is not held up by more calls into a store that is not answering.
    /// </summary>
    public void StoreFailed() => storeFailed = true;

    /// <summary>A code went out: the limit entries stay counted, and the claim becomes the answer a retry replays.</summary>
    public async Task KeepAsync(SendOtpResponse response)
    {
        // Nothing is given back from here on, even if completing fails: the text is out, and an open claim lapses by itself.
        var kept = claim;
        (claim, recorded, started) = (null, null, null);
        if (kept is not null)
        {
            await store.CompleteIdempotencyKeyAsync(kept.Request, kept.Seal(response), idempotencyRetention, CancellationToken.None);
        }
    }

    /// <summary>Gives back what is still held, newest first. Runs even when the caller has gone: hence no cancellation.</summary>
    public async ValueTask DisposeAsync()
    {
        if (storeFailed)
        {
            if (recorded is { } held)
            {
                limiter.ReleaseLater(held);
            }

            if (claim is not null)
            {
                store.ReleaseIdempotencyKeyLater(claim.Request);
            }

            return;
        }

        try
        {
            if (started is { } id)
            {
                await WithdrawAsync(id);
            }

            if (recorded is { } entries)
            {
                await limiter.ReleaseAsync(entries, CancellationToken.None);
            }
        }
        finally
        {
            if (claim is not null)
            {
                await ReleaseClaimQuietly(claim.Request);
            }
        }
    }

    /// <summary>A code the user never received must not stay live. If the store does not answer, the withdrawal is queued
    /// by the store, and the limit entries go in the background too (the send fails with the store).</summary>
    private async Task WithdrawAsync(VerificationId id)
    {
        try
        {
            await store.AbortAsync(id, CancellationToken.None);
        }
        catch (StoreUnavailableException)
        {
            if (recorded is { } held)
            {
                limiter.ReleaseLater(held);
            }

            recorded = null;
            throw;
        }
    }

    private LimitDecision Held(LimitDecision decision)
    {
        if (decision is LimitDecision.Admitted { Recorded.Count: > 0 } admitted)
        {
            HoldLimits(admitted.Recorded);
        }

        return decision;
    }

    private async Task ReleaseClaimQuietly(IdempotentRequest request)
    {
        try
        {
            await store.ReleaseIdempotencyKeyAsync(request, CancellationToken.None);
        }
        catch (StoreUnavailableException)
        {
            // The store retries it in the background; failing that, the claim lapses after the claim timeout.
        }
    }
}
