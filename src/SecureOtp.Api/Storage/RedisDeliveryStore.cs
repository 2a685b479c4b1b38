using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage.Scripts;
using SecureOtp.Api.Webhooks;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// <see cref="IDeliveryStore"/> on Redis. A text's state is a small hash beside its verification (same user slot, see
/// <see cref="RedisKeys.Delivery"/>); each part's message id links to it through a key named by the id's keyed hash,
/// whose value names the slot, the verification's id hash and the part — tags and hashes only. Round trips: tracking =
/// 1 (the state script and the links, pipelined, the state first); a receipt = 2 (read the link, then one script), plus
/// the event index's write when the receipt recorded a webhook event. A link of a tenant with a webhook endpoint also names
/// the tenant tag, so the receipt script can append to the user's event stream (docs/storage.md, "Webhook events").
/// </summary>
internal sealed class RedisDeliveryStore(
    RedisCalls redis, IOptions<RedisOptions> options, WebhookEvents events, RedisWebhookEventStore eventStore, PseudonymKey pseudonymKey) : IDeliveryStore
{
    private const char Separator = '|';

    private static readonly RedisValue[] StateFields = ["st", "up", "ec", "pv", "at", "ch", "na", "cl"];

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public Task TrackAsync(DeliveryTracking t, CancellationToken cancellationToken)
    {
        var slot = t.Id.Slot;
        var recording = t.Subject is { } subject
            ? events.For(Pseudonyms.TenantTag(pseudonymKey, subject.Tenant), t.Id.Value, subject.UserId, t.SubmittedAt)
            : null;
        var ttl = t.Retention > TimeSpan.FromMilliseconds(1) ? t.Retention : TimeSpan.FromMilliseconds(1);
        return redis.RunAsync("delivery_track", async db =>
        {
            // Sent in this order on one connection: on one server the state exists before any link that leads to it.
            var state = db.EvaluateAsync(LuaScripts.DeliveryTrack, [keys.Delivery(slot, t.Id.LookupHash), keys.Record(slot)],
            [
                (long)ttl.TotalMilliseconds, t.MessageRefs.Count, t.SubmittedAt.ToUnixTimeMilliseconds(), t.Country, t.Purpose, t.Provider,
                string.Join(' ', t.Cooldowns.Select(c => c.Key)), t.Cooldowns.Count == 0 ? "" : t.Cooldowns[0].Member,
                Sms.ProviderAttempt.Join(t.Attempts), t.Channel, recording?.SealedSubject ?? [], t.Client, t.Id.LookupHash,
            ]);
            var links = t.MessageRefs.Select((messageRef, part) => db.StringSetAsync(keys.MessageLink(messageRef), Link(t, part, recording), ttl));
            await Task.WhenAll([state, .. links]);
            return true;
        }, cancellationToken);
    }

    public async Task<ReceiptApplied> ApplyAsync(string messageRef, PartReceipt receipt, CancellationToken cancellationToken)
    {
        var link = await redis.RunAsync("delivery_link", db => db.StringGetAsync(keys.MessageLink(messageRef)), cancellationToken);
        // Links written before webhook events name no tenant (4 fields): their receipts record no event.
        var fields = link.IsNull ? [] : ((string)link!).Split(Separator);
        if (fields.Length is not (4 or 5))
        {
            return new ReceiptApplied.UnknownMessage();
        }

        var (userTag, purposeTag, idHash, (part, attempt)) = (fields[0], fields[1], fields[2], PartOf(fields[3]));
        var slot = new VerificationSlot(userTag, purposeTag);
        var recording = fields.Length == 5 ? events.ForSealedSubject(fields[4], receipt.ReceivedAt) : null;
        var (receiptKeys, arguments) = eventStore.Append([keys.Delivery(slot, idHash)],
            [idHash, part, receipt.Status, receipt.ErrorCode ?? "", receipt.ReceivedAt.ToUnixTimeMilliseconds(), receipt.RequiredPrior ?? "", attempt],
            userTag, recording);
        var reply = (RedisResult[])(await redis.RunAsync("delivery_receipt", db => db.EvaluateAsync(LuaScripts.DeliveryReceipt, receiptKeys, arguments),
            cancellationToken))!;
        if (recording is not null && DeliveryReceiptReply.RecordedEvent(reply))
        {
            await eventStore.IndexAsync(userTag, recording, cancellationToken);
        }

        var applied = DeliveryReceiptReply.Read(reply);
        return applied is ReceiptApplied.Updated updated ? updated with { Verification = (slot, idHash) } : applied;
    }

    /// <summary>A message id's link: <c>userTag|purposeTag|idh|part:submittedAtMs</c> (the submitted-at names the delivery
    /// attempt, see delivery_receipt.lua), then <c>|tenantTag</c> when the tenant has a webhook endpoint.</summary>
    private static string Link(DeliveryTracking t, int part, EventRecording? recording)
    {
        var link = string.Join(Separator, t.Id.Slot.UserTag, t.Id.Slot.PurposeTag, t.Id.LookupHash,
            string.Create(CultureInfo.InvariantCulture, $"{part}:{t.SubmittedAt.ToUnixTimeMilliseconds()}"));
        return recording is null ? link : link + Separator + recording.TenantTag;
    }

    /// <summary>A link's part field: <c>part</c> (made before attempts: the current one) or <c>part:submittedAtMs</c>.</summary>
    private static (string Part, string Attempt) PartOf(string field) =>
        field.IndexOf(':') is var at and >= 0 ? (field[..at], field[(at + 1)..]) : (field, "");

    public async Task<DeliveryState?> GetAsync(VerificationSlot slot, string idHash, CancellationToken cancellationToken)
    {
        var key = keys.Delivery(slot, idHash);
        var f = await redis.RunAsync("delivery_state", db => db.HashGetAsync(key, StateFields), cancellationToken);
        if (f[0].IsNull)
        {
            return null;
        }

        var current = new ChannelAttemptState(f[5].IsNull ? Channels.ChannelNames.Sms : (string)f[5]!, f[3].IsNull ? "" : (string)f[3]!, (string)f[0]!,
            DateTimeOffset.FromUnixTimeMilliseconds((long)f[1]), f[2].IsNull ? null : (string?)f[2]);
        var archived = f[6].IsNull || (int)f[6] == 0
            ? []
            : await redis.RunAsync("delivery_state", db => db.HashGetAsync(key, [.. Enumerable.Range(0, (int)f[6]).Select(k => (RedisValue)$"a{k}")]), cancellationToken);
        return new DeliveryState(current.Status, current.UpdatedAt, current.ErrorCode, f[3].IsNull ? null : (string?)f[3])
        {
            Attempts = Sms.ProviderAttempt.Split(f[4]),
            Channel = current.Channel,
            ChannelAttempts = [.. archived.Select(a => ArchivedAttempt.Read((string?)a)).OfType<ChannelAttemptState>(), current],
            Client = f[7].IsNull ? "" : (string)f[7]!,
        };
    }

    public async Task<TimeoutClaim> ClaimTimeoutAsync(VerificationSlot slot, string idHash, DateTimeOffset now, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await redis.RunAsync("fallback_claim", db => db.EvaluateAsync(LuaScripts.FallbackClaim, [keys.Delivery(slot, idHash), keys.Record(slot)],
            [now.ToUnixTimeMilliseconds(), (long)timeout.TotalMilliseconds, idHash]), cancellationToken))!;
        return (int)reply[0] switch
        {
            1 => new TimeoutClaim.Claimed(),
            2 => new TimeoutClaim.NotYet(DateTimeOffset.FromUnixTimeMilliseconds((long)reply[1])),
            _ => new TimeoutClaim.None(),
        };
    }
}
