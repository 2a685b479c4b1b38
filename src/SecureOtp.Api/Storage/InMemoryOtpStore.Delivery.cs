using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;

namespace SecureOtp.Api.Storage;

/// <summary>The in-process <see cref="IDeliveryStore"/>: the rules of <c>delivery_track.lua</c>, <c>delivery_receipt.lua</c>
/// and <c>fallback_claim.lua</c>, under the store's one lock.</summary>
internal sealed partial class InMemoryOtpStore : IDeliveryStore
{
    private readonly Dictionary<(VerificationSlot Slot, string IdHash), TrackedDelivery> texts = [];
    private readonly Dictionary<string, (TrackedText Text, (VerificationSlot Slot, string IdHash) Verification, int Part)> messageLinks = new(StringComparer.Ordinal);

    public Task TrackAsync(DeliveryTracking t, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var expiresAt = t.SubmittedAt + t.Retention;
            var key = (t.Id.Slot, t.Id.LookupHash);
            var text = new TrackedText(t, expiresAt);
            if (texts.TryGetValue(key, out var delivery) && delivery.ExpiresAt > t.SubmittedAt)
            {
                delivery.Attempts.Add(text);
                delivery.ExpiresAt = expiresAt;
            }
            else
            {
                texts[key] = new TrackedDelivery([text], expiresAt);
            }

            for (var part = 0; part < t.MessageRefs.Count && !t.ReceiptsCarryReference; part++)
            {
                messageLinks[t.MessageRefs[part]] = (text, key, part);
            }

            if (records.TryGetValue(t.Id.Slot, out var record) && record.IdHash == t.Id.LookupHash)
            {
                record.Channel = t.Channel;
            }

            return Task.CompletedTask;
        }
    }

    public Task<ReceiptApplied> ApplyAsync(string messageRef, DeliveryReference? reference, PartReceipt receipt, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = receipt.ReceivedAt;
            var found = reference is null ? messageLinks.TryGetValue(messageRef, out var link) : TryFind(reference, messageRef, out link);
            if (!found || link.Text.ExpiresAt <= now
                || !texts.TryGetValue(link.Verification, out var delivery) || delivery.ExpiresAt <= now)
            {
                return Task.FromResult<ReceiptApplied>(new ReceiptApplied.UnknownMessage());
            }

            var text = link.Text;
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

            // Only the current attempt's failure lifts its cooldown and claims its fallback (once: a duplicate finds it claimed).
            var current = delivery.Attempts.Count - 1;
            failedNow &= ReferenceEquals(text, delivery.Attempts[current]);
            var fallback = failedNow && delivery.FallbackFrom != current;
            if (fallback)
            {
                delivery.FallbackFrom = current;
            }

            var t = text.Tracking;
            return Task.FromResult<ReceiptApplied>(new ReceiptApplied.Updated(
                status, becameFinal, failedNow, t.Country, t.Purpose, t.Provider, t.SubmittedAt, failedNow ? t.Cooldowns : [])
            {
                Channel = t.Channel,
                FallbackClaimed = fallback,
                Verification = link.Verification,
            });
        }
    }

    /// <summary>The attempt a reference names (user tag, id hash, token) and the part its message id is, as the Redis
    /// store finds them (a text of one part: part 0).</summary>
    private bool TryFind(DeliveryReference reference, string messageRef, out (TrackedText Text, (VerificationSlot Slot, string IdHash) Verification, int Part) link)
    {
        link = default;
        foreach (var (key, delivery) in texts)
        {
            if (key.Slot.UserTag != reference.UserTag || key.IdHash != reference.IdHash
                || delivery.Attempts.FirstOrDefault(a => a.Tracking.Token == reference.Token) is not { } text)
            {
                continue;
            }

            var refs = text.Tracking.MessageRefs;
            var part = RedisDeliveryStore.PartsNamedById(text.Tracking) ? refs.ToList().IndexOf(messageRef) : refs.Count == 1 ? 0 : -1;
            if (part < 0)
            {
                return false;
            }

            link = (text, key, part);
            return true;
        }

        return false;
    }

    public Task<DeliveryState?> GetAsync(VerificationSlot slot, string idHash, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!texts.TryGetValue((slot, idHash), out var delivery) || delivery.ExpiresAt <= time.GetUtcNow())
            {
                return Task.FromResult<DeliveryState?>(null);
            }

            var text = delivery.Attempts[^1];
            return Task.FromResult<DeliveryState?>(new DeliveryState(text.Status, text.UpdatedAt, text.ErrorCode, text.Tracking.Provider)
            {
                Attempts = text.Tracking.Attempts,
                Channel = text.Tracking.Channel,
                ChannelAttempts = [.. delivery.Attempts.Select(a => new ChannelAttemptState(a.Tracking.Channel, a.Tracking.Provider, a.Status, a.UpdatedAt, a.ErrorCode))],
                Client = text.Tracking.Client,
            });
        }
    }

    public Task<TimeoutClaim> ClaimTimeoutAsync(VerificationSlot slot, string idHash, DateTimeOffset now, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!texts.TryGetValue((slot, idHash), out var delivery) || delivery.ExpiresAt <= now
                || !records.TryGetValue(slot, out var record) || record.IdHash != idHash || record.Data.ExpiresAt <= now || record.Locked)
            {
                return Task.FromResult<TimeoutClaim>(new TimeoutClaim.None());
            }

            var current = delivery.Attempts.Count - 1;
            var text = delivery.Attempts[current];
            if (delivery.FallbackFrom == current || !FallbackRules.MayTimeOut(text.Status, text.Tracking.Channel))
            {
                return Task.FromResult<TimeoutClaim>(new TimeoutClaim.None());
            }

            var due = text.Tracking.SubmittedAt + timeout;
            if (due > now)
            {
                return Task.FromResult<TimeoutClaim>(new TimeoutClaim.NotYet(due));
            }

            delivery.FallbackFrom = current;
            return Task.FromResult<TimeoutClaim>(new TimeoutClaim.Claimed());
        }
    }

    private void SweepDeliveries(DateTimeOffset now)
    {
        foreach (var (key, _) in texts.Where(kv => kv.Value.ExpiresAt <= now).ToList())
        {
            texts.Remove(key);
        }

        foreach (var (key, _) in messageLinks.Where(kv => kv.Value.Text.ExpiresAt <= now).ToList())
        {
            messageLinks.Remove(key);
        }
    }

    /// <summary>A verification's delivery attempts, oldest first, and the attempt a fallback was claimed from (-1: none).</summary>
    private sealed class TrackedDelivery(List<TrackedText> attempts, DateTimeOffset expiresAt)
    {
        public List<TrackedText> Attempts { get; } = attempts;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public int FallbackFrom { get; set; } = -1;
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
