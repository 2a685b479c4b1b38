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
/// <see cref="RedisKeys.Delivery"/>). A provider that echoes our <see cref="DeliveryReference"/> (Vonage SMS and the
/// outbox, Twilio, voice, WhatsApp) needs nothing else: its receipt names the hash. Any other provider's message ids each link to it through a key named by the
/// id's keyed hash, whose value names the slot, the verification's id hash and the part — tags and hashes only; such links
/// written before references are still read. Round trips: tracking = 1 (the state script, then any links, pipelined);
/// a receipt = 1 by reference (2 when the state names a tenant with a webhook endpoint: its tag is read first) or 2 by a
/// link, plus the event index's write when the receipt recorded a webhook event (docs/storage.md, "Webhook events").
/// </summary>
internal sealed class RedisDeliveryStore(
    RedisCalls redis, IOptions<RedisOptions> options, WebhookEvents events, RedisWebhookEventStore eventStore, PseudonymKey pseudonymKey) : IDeliveryStore
{
    private const char Separator = '|';

    private static readonly RedisValue[] StateFields = ["st", "up", "ec", "pv", "at", "ch", "na", "cl", "sub"];

    /// <summary>How much of a part's message-id hash a text of several parts keeps to tell its receipts apart (the
    /// receipt is authenticated and names the text already: this only has to separate a handful of parts).</summary>
    private const int PartRefLength = 8;

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public Task TrackAsync(DeliveryTracking t, CancellationToken cancellationToken)
    {
        var slot = t.Id.Slot;
        var recording = t.Subject is { } subject
            ? events.For(Pseudonyms.TenantTag(pseudonymKey, subject.Tenant), t.Id.Value, subject.UserId, t.SubmittedAt)
            : null;
        var ttl = t.Retention > TimeSpan.FromMilliseconds(1) ? t.Retention : TimeSpan.FromMilliseconds(1);
        var token = t.Token.Length > 0 ? t.Token : DeliveryReference.New(t.Id).Token;
        var partRefs = t.ReceiptsCarryReference && PartsNamedById(t) ? string.Join(' ', t.MessageRefs.Select(PartRef)) : "";
        return redis.RunAsync("delivery_track", async db =>
        {
            // Sent in this order on one connection: on one server the state exists before any link that leads to it.
            var state = db.EvaluateAsync(LuaScripts.DeliveryTrack, [keys.Delivery(slot, t.Id.LookupHash), keys.Record(slot)],
            [
                (long)ttl.TotalMilliseconds, t.MessageRefs.Count, t.SubmittedAt.ToUnixTimeMilliseconds(), t.Country, t.Purpose, t.Provider,
                CooldownEntries.Compact(t.Cooldowns), recording?.TenantTag ?? "",
                Sms.ProviderAttempt.Join(t.Attempts), t.Channel, recording?.SealedSubject ?? [], t.Client, t.Id.LookupHash, token, partRefs,
            ]);
            var links = t.ReceiptsCarryReference
                ? []
                : t.MessageRefs.Select((messageRef, part) => db.StringSetAsync(keys.MessageLink(messageRef), Link(t, part, token, recording), ttl));
            await Task.WhenAll([state, .. links]);
            return true;
        }, cancellationToken);
    }

    public Task<ReceiptApplied> ApplyAsync(string messageRef, DeliveryReference? reference, PartReceipt receipt, CancellationToken cancellationToken) =>
        reference is null ? ApplyByLinkAsync(messageRef, receipt, cancellationToken) : ApplyByReferenceAsync(reference, messageRef, receipt, cancellationToken);

    /// <summary>The delivery the reference names, its attempt by the token, its part by the message id; the slot's purpose
    /// tag (for a fallback or a cancelled timeout) is derived from the purpose the state keeps.</summary>
    private async Task<ReceiptApplied> ApplyByReferenceAsync(DeliveryReference reference, string messageRef, PartReceipt receipt, CancellationToken cancellationToken)
    {
        var key = keys.Delivery(reference.UserTag, reference.IdHash);
        var tenantTag = await redis.RunAsync("delivery_tenant", db => db.HashGetAsync(key, "tn"), cancellationToken);
        var recording = tenantTag.IsNullOrEmpty ? null : events.ForSealedSubject((string)tenantTag!, receipt.ReceivedAt);
        var applied = await RunReceiptAsync(key, reference.UserTag, reference.IdHash, "", reference.Token, PartRef(messageRef), receipt, recording, cancellationToken);
        return applied is ReceiptApplied.Updated updated
            ? updated with { Verification = (new VerificationSlot(reference.UserTag, VerificationId.PurposeTagOf(Pseudonyms.PurposeHash(pseudonymKey, updated.Purpose))), reference.IdHash) }
            : applied;
    }

    private async Task<ReceiptApplied> ApplyByLinkAsync(string messageRef, PartReceipt receipt, CancellationToken cancellationToken)
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
        var applied = await RunReceiptAsync(keys.Delivery(slot, idHash), userTag, idHash, part, attempt, "", receipt, recording, cancellationToken);
        return applied is ReceiptApplied.Updated updated ? updated with { Verification = (slot, idHash) } : applied;
    }

    /// <summary>delivery_receipt.lua on one delivery state: the part named (<paramref name="part"/>) or found by its
    /// message id's short hash (<paramref name="partRef"/>), then the event index when the script recorded an event.</summary>
    private async Task<ReceiptApplied> RunReceiptAsync(
        RedisKey key, string userTag, string idHash, string part, string attempt, string partRef, PartReceipt receipt, EventRecording? recording,
        CancellationToken cancellationToken)
    {
        var (receiptKeys, arguments) = eventStore.Append([key],
            [idHash, part, receipt.Status, receipt.ErrorCode ?? "", receipt.ReceivedAt.ToUnixTimeMilliseconds(), receipt.RequiredPrior ?? "", attempt, partRef],
            userTag, recording);
        var reply = (RedisResult[])(await redis.RunAsync("delivery_receipt", db => db.EvaluateAsync(LuaScripts.DeliveryReceipt, receiptKeys, arguments),
            cancellationToken))!;
        if (recording is not null && DeliveryReceiptReply.RecordedEvent(reply))
        {
            await eventStore.IndexAsync(userTag, recording, cancellationToken);
        }

        return DeliveryReceiptReply.Read(reply);
    }

    /// <summary>Parts a receipt must name by message id: a text's several parts, and a call (its reference comes back in
    /// the event URL's query, outside the signed body: the signed call uuid must match it too).</summary>
    internal static bool PartsNamedById(DeliveryTracking t) => t.MessageRefs.Count > 1 || t.Channel == Channels.ChannelNames.Voice;

    private static string PartRef(string messageRef) => messageRef.Length > PartRefLength ? messageRef[..PartRefLength] : messageRef;

    /// <summary>A message id's link: <c>userTag|purposeTag|idh|part:token</c> (the token names the delivery attempt, see
    /// delivery_receipt.lua), then <c>|tenantTag</c> when the tenant has a webhook endpoint.</summary>
    private static string Link(DeliveryTracking t, int part, string token, EventRecording? recording)
    {
        var link = string.Join(Separator, t.Id.Slot.UserTag, t.Id.Slot.PurposeTag, t.Id.LookupHash,
            string.Create(CultureInfo.InvariantCulture, $"{part}:{token}"));
        return recording is null ? link : link + Separator + recording.TenantTag;
    }

    /// <summary>A link's part field: <c>part</c> (made before attempts: the current one) or <c>part:token</c>.</summary>
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
            DateTimeOffset.FromUnixTimeMilliseconds((long)(f[1].IsNull ? f[8] : f[1])), f[2].IsNull ? null : (string?)f[2]);
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
        return FallbackClaimReply.Read(reply);
    }
}
