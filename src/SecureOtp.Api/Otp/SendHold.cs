using System.Text.Json;
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
    private (string ScopedKey, string RequestHash)? claim;
    private IReadOnlyList<LimitCheck>? recorded;

    public void HoldClaim(string scopedKey, string requestHash) => claim = (scopedKey, requestHash);

    public void HoldLimits(IReadOnlyList<LimitCheck> entries) => recorded = entries;

    /// <summary>A code went out: the limit entries stay counted, and the claim becomes the answer a retry replays.</summary>
    public async Task KeepAsync(SendOtpResponse response)
    {
        // Nothing is given back from here on, even if completing fails: the text is out, and an open claim lapses by itself.
        var kept = claim;
        claim = null;
        recorded = null;
        if (kept is var (scopedKey, requestHash))
        {
            var json = JsonSerializer.Serialize(response, SecureOtpJsonContext.Default.SendOtpResponse);
            await store.CompleteIdempotencyKeyAsync(scopedKey, requestHash, json, idempotencyRetention, CancellationToken.None);
        }
    }

    /// <summary>Gives back what is still held, newest first. Runs even when the caller has gone: hence no cancellation.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (recorded is { } entries)
            {
                await limiter.ReleaseAsync(entries, CancellationToken.None);
            }
        }
        finally
        {
            if (claim is var (scopedKey, requestHash))
            {
                await ReleaseClaimQuietly(scopedKey, requestHash);
            }
        }
    }

    private async Task ReleaseClaimQuietly(string scopedKey, string requestHash)
    {
        try
        {
            await store.ReleaseIdempotencyKeyAsync(scopedKey, requestHash, CancellationToken.None);
        }
        catch (StoreUnavailableException)
        {
            // The claim lapses on its own after the claim timeout.
        }
    }
}
