using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Webhooks;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// Webhook events in Redis (docs/storage.md, "Webhook events"). The scripts that change a user's state append the event
/// to the user's stream in the same step; the tenant's index is written after, by <see cref="IndexAsync"/> (a cluster
/// keeps it in another slot, so it cannot be in the script). An index write lost to a replica dying between the two is
/// made good by <see cref="SweepAsync"/>.
/// </summary>
internal sealed class RedisWebhookEventStore(RedisCalls redis, WebhookEvents events, IOptions<RedisOptions> options) : IWebhookEventStore
{
    private const int SweepPageSize = 500;

    private readonly RedisKeys keys = new(options.Value.KeyPrefix);

    public bool KeepsEvents => true;

    /// <summary>The keys and arguments events.lua takes off the end of a script's own, for a tenant with an endpoint.</summary>
    public (RedisKey[] Keys, RedisValue[] Arguments) Append(RedisKey[] scriptKeys, RedisValue[] scriptArguments, string userTag, EventRecording? recording) =>
        recording is null
            ? (scriptKeys, scriptArguments)
            : ([.. scriptKeys, keys.EventStream(userTag, recording.TenantTag)],
                [.. scriptArguments, recording.SealedSubject, recording.Cap, recording.TtlMs, recording.NowMs, "webhook-events"]);

    /// <summary>After a script recorded an event: the stream joins its tenant's index (unless it is already there, maybe
    /// waiting for a retry, which a new event must not hasten) and this replica's dispatcher is woken. Best effort: if
    /// Redis fails now, the sweep finds the stream.</summary>
    public async Task IndexAsync(string userTag, EventRecording recording, CancellationToken cancellationToken)
    {
        try
        {
            await redis.RunAsync("webhook_index", db => db.SortedSetAddAsync(keys.EventIndex(recording.TenantTag),
                (string)keys.EventStream(userTag, recording.TenantTag)!, recording.NowMs, SortedSetWhen.NotExists), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // the event is recorded; the sweep indexes its stream
        }

        events.Recorded(recording.Tenant);
    }

    public async Task<IReadOnlyList<string>> DueAsync(string tenantTag, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = await redis.RunAsync("webhook_due", db => db.SortedSetRangeByScoreAsync(keys.EventIndex(tenantTag), double.NegativeInfinity,
            now.ToUnixTimeMilliseconds(), take: max), cancellationToken);
        return [.. due.Select(s => (string)s!)];
    }

    public async Task<string?> LeaseAsync(string stream, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        return await redis.RunAsync("webhook_lease", db => db.StringSetAsync(RedisKeys.EventLease(stream), token, lease, When.NotExists), cancellationToken)
            ? token
            : null;
    }

    public Task ReleaseAsync(string stream, string token, CancellationToken cancellationToken) =>
        redis.RunAsync("webhook_release", db => db.EvaluateAsync(LuaScripts.EventRelease, [RedisKeys.EventLease(stream)], [token]), cancellationToken);

    public async Task<StoredEvent?> HeadAsync(string tenantTag, string stream, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var head = await redis.RunAsync("webhook_head", db => db.StreamRangeAsync(stream, count: 1), cancellationToken);
        if (head.Length == 1)
        {
            return Read(head[0]);
        }

        // Out of the index first, then look again: an event appended in between has its own index write after it.
        var index = keys.EventIndex(tenantTag);
        await redis.RunAsync("webhook_retire", db => db.SortedSetRemoveAsync(index, stream), cancellationToken);
        if (await redis.RunAsync("webhook_retire", db => db.StreamLengthAsync(stream), cancellationToken) > 0)
        {
            await redis.RunAsync("webhook_retire", db => db.SortedSetAddAsync(index, stream, now.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists), cancellationToken);
        }

        return null;
    }

    public Task RemoveAsync(string stream, string entryId, CancellationToken cancellationToken) =>
        redis.RunAsync("webhook_remove", db => db.StreamDeleteAsync(stream, [entryId]), cancellationToken);

    public Task ScheduleAsync(string tenantTag, string stream, DateTimeOffset due, CancellationToken cancellationToken) =>
        redis.RunAsync("webhook_schedule", db => db.SortedSetAddAsync(keys.EventIndex(tenantTag), stream, due.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task<int> SweepAsync(IReadOnlyCollection<string> tenantTags, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var multiplexer = await redis.RunAsync("webhook_sweep", db => Task.FromResult(db.Multiplexer), cancellationToken);
        var found = 0;
        foreach (var server in multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: keys.EventStreamPattern, pageSize: SweepPageSize).WithCancellation(cancellationToken))
            {
                var stream = (string)key!;
                var tenantTag = RedisKeys.TenantTagOfStream(stream);
                if (tenantTags.Contains(tenantTag) && await redis.RunAsync("webhook_sweep", db => db.SortedSetAddAsync(keys.EventIndex(tenantTag), stream,
                        now.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists), cancellationToken))
                {
                    found++;
                }
            }
        }

        return found;
    }

    private static StoredEvent Read(StreamEntry entry)
    {
        string? Text(string name) => entry[name] is { IsNull: false } value ? (string?)value : null;
        var sealedUserId = entry["u"];
        return new StoredEvent(entry.Id!, Text("t") ?? "", DateTimeOffset.FromUnixTimeMilliseconds((long)entry["ts"]), (byte[])entry["c"]!,
            Text("k"), sealedUserId.IsNull ? null : (byte[])sealedUserId!, Text("p"), Text("ch"))
        {
            Delivery = Text("st") is { } status ? new DeliveryOutcome(Text("pv"), status, Text("ec")) : null,
        };
    }
}
