using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;

namespace SecureOtp.Api.Storage;

/// <summary>The in-process <see cref="IDeliveryStore"/>: the rules of <c>delivery_receipt.lua</c>, under the store's one lock.</summary>
internal sealed partial class InMemoryOtpStore : IDeliveryStore
{
    private readonly Dictionary<(VerificationSlot Slot, string IdHash), TrackedText> texts = [];
    private readonly Dictionary<string, (VerificationSlot Slot, string IdHash, int Part, DateTimeOffset ExpiresAt)> messageLinks = new(StringComparer.Ordinal);

    public Task TrackAsync(DeliveryTracking t, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var expiresAt = t.SubmittedAt + t.Retention;
            texts[(t.Id.Slot, t.Id.LookupHash)] = new TrackedText(t, expiresAt);
            for (var part = 0; part < t.MessageRefs.Count; part++)
            {
                messageLinks[t.MessageRefs[part]] = (t.Id.Slot, t.Id.LookupHash, part, expiresAt);
            }

            return Task.CompletedTask;
        }
    }

    public Task<ReceiptApplied> ApplyAsync(string messageRef, PartReceipt receipt, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = receipt.ReceivedAt;
            if (!messageLinks.TryGetValue(messageRef, out var link) || link.ExpiresAt <= now
                || !texts.TryGetValue((link.Slot, link.IdHash), out var text) || text.ExpiresAt <= now)
            {
                return Task.FromResult<ReceiptApplied>(new ReceiptApplied.UnknownMessage());
            }

            if (PartStates.Rank(receipt.Status) <= PartStates.Rank(text.Parts[link.Part])
                || (receipt.RequiredPrior is { } prior && text.Parts[link.Part] != prior))
            {
                return Task.FromResult<ReceiptApplied>(new ReceiptApplied.Unchanged());
            }

            text.Parts[link.Part] = receipt.Status;
            var before = text.Status;
            var status = PartStates.Whole(text.Parts);
            bool becameFinal = false, failedNow = false;
            if (status != before)
            {
                (text.Status, text.UpdatedAt) = (status, now);
                if (PartStates.IsFailure(status) && receipt.ErrorCode is not null)
                {
                    text.ErrorCode = receipt.ErrorCode;
                }

                becameFinal = PartStates.Counts(status, text.Tracking.Channel) && !text.Counted;
                text.Counted |= becameFinal;
                failedNow = PartStates.IsFailure(status) && !PartStates.IsFailure(before);
            }

            var t = text.Tracking;
            return Task.FromResult<ReceiptApplied>(new ReceiptApplied.Updated(
                status, becameFinal, failedNow, t.Country, t.Purpose, t.Provider, t.SubmittedAt, failedNow ? t.Cooldowns : []) { Channel = t.Channel });
        }
    }

    public Task<DeliveryState?> GetAsync(VerificationId id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(texts.TryGetValue((id.Slot, id.LookupHash), out var text) && text.ExpiresAt > time.GetUtcNow()
                ? new DeliveryState(text.Status, text.UpdatedAt, text.ErrorCode, text.Tracking.Provider) { Attempts = text.Tracking.Attempts, Channel = text.Tracking.Channel }
                : null);
        }
    }

    private void SweepDeliveries(DateTimeOffset now)
    {
        foreach (var (key, _) in texts.Where(kv => kv.Value.ExpiresAt <= now).ToList())
        {
            texts.Remove(key);
        }

        foreach (var (key, _) in messageLinks.Where(kv => kv.Value.ExpiresAt <= now).ToList())
        {
            messageLinks.Remove(key);
        }
    }

    private sealed class TrackedText(DeliveryTracking tracking, DateTimeOffset expiresAt)
    {
        public DeliveryTracking Tracking { get; } = tracking;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public string[] Parts { get; } = [.. Enumerable.Repeat(PartStates.Initial, tracking.MessageRefs.Count)];

        public string Status { get; set; } = PartStates.Initial;

        public DateTimeOffset UpdatedAt { get; set; } = tracking.SubmittedAt;

        public string? ErrorCode { get; set; }

        public bool Counted { get; set; }
    }
}
