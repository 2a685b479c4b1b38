using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Otp;

/// <summary>
/// What one send holds while it runs — its Idempotency-Key claim and the limit entries it recorded — and the one place
/// that gives them back. Disposing releases whatever is still held; <see cref="KeepAsync"/> keeps it all for a code that
/// went out. A failed or refused send therefore never costs the user a limit entry or blocks a retry of its key.
/// </summary>
internal sealed class SendHold(IOtpStore store, IRateLimiter limiter, TimeSpan idempotencyRetention) : IAsyncDisposable
{
    private SendIdempotencyKey? claim;
    private IReadOnlyList<LimitCheck>? recorded;
    private bool storeFailed;

    public void HoldClaim(SendIdempotencyKey key) => claim = key;

    public void HoldLimits(IReadOnlyList<LimitCheck> entries) => recorded = entries;

    /// <summary>The held entry of the limit named <paramref name="name"/>, if the send recorded one.</summary>
    public LimitCheck? Held(string name) => recorded?.FirstOrDefault(c => c.Name == name);

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
        claim = null;
        recorded = null;
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
