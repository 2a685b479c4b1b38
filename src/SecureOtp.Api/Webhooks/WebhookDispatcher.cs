using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// Delivers recorded events, at least once and in order per user (so per verification): every replica runs one loop per
/// tenant, so one tenant's failing endpoint only ever holds up its own events. A loop takes its tenant's due streams from
/// the index, leases each (one replica per stream at a time) and delivers the stream's oldest event; only once that one is
/// delivered or dropped does the next go. A failure reschedules the stream (<see cref="WebhookBackoff"/>); a replica that
/// dies holding a lease leaves the event in the stream for whoever takes the lapsed lease.
/// </summary>
internal sealed class WebhookDispatcher(
    IWebhookEventStore store,
    WebhookEvents events,
    WebhookEndpoints endpoints,
    WebhookMessages messages,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>Events delivered per lease: with each attempt bounded by the timeout, the lease outlasts them all.</summary>
    private const int EventsPerLease = 3;

    private readonly WebhookOptions settings = options.Value;

    /// <summary>Failed attempts per event (stream and entry), for the backoff; forgotten once it is delivered or dropped.
    /// Another replica taking the stream starts counting afresh (its first wait is shorter, never its give-up time).</summary>
    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, bool> disabled = new(StringComparer.Ordinal);

    private TimeSpan Lease => settings.Timeout * (EventsPerLease + 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (events.TenantsByTag.Count == 0)
        {
            return;
        }

        if (!store.KeepsEvents)
        {
            Log.WebhooksWithoutRedis(logger);
            return;
        }

        foreach (var tenant in events.TenantsByTag.Values)
        {
            Log.WebhookEndpoint(logger, tenant, endpoints.Of(tenant).Keys.Count);
        }

        await Task.WhenAll([.. events.TenantsByTag.Select(t => RunTenantAsync(t.Value, t.Key, stoppingToken)), SweepAsync(stoppingToken)]);
    }

    private async Task RunTenantAsync(string tenant, string tenantTag, CancellationToken stopping)
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested && !disabled.ContainsKey(tenant))
        {
            try
            {
                var due = await store.DueAsync(tenantTag, time.GetUtcNow(), settings.ConcurrencyPerTenant * 4, stopping);
                var settled = 0;
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.ConcurrencyPerTenant, CancellationToken = stopping },
                    async (stream, ct) => Interlocked.Add(ref settled, await DrainAsync(tenant, tenantTag, stream, ct)));
                if (settled > 0)
                {
                    continue; // more may be due at once; streams other replicas hold wait for the next poll
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.WebhookRoundFailed(logger, tenant, e.GetType().Name);
            }

            await WaitAsync(events.WakeUpOf(tenant), settings.PollInterval, stopping);
        }
    }

    /// <summary>Delivers the stream's events in order while it holds the lease; stops at the first failure. Answers how
    /// many it settled (delivered or dropped).</summary>
    private async Task<int> DrainAsync(string tenant, string tenantTag, string stream, CancellationToken stopping)
    {
        if (await store.LeaseAsync(stream, Lease, stopping) is not { } token)
        {
            return 0; // another replica is on it
        }

        var settled = 0;
        try
        {
            while (settled < EventsPerLease)
            {
                var head = await store.HeadAsync(tenantTag, stream, time.GetUtcNow(), stopping);
                if (head is null || !await DeliverAsync(tenant, tenantTag, stream, head, stopping))
                {
                    break;
                }

                settled++;
            }

            return settled;
        }
        finally
        {
            await ReleaseAsync(stream, token);
        }
    }

    /// <summary>True when the event is settled (delivered or dropped) and the next may go.</summary>
    private async Task<bool> DeliverAsync(string tenant, string tenantTag, string stream, StoredEvent stored, CancellationToken stopping)
    {
        var failureKey = stream + "/" + stored.EntryId;
        var message = messages.Compose(stream, stored);
        if (message is null || message.Tenant != tenant)
        {
            return await DropAsync(tenant, stream, stored, "-", "unreadable", failureKey, stopping);
        }

        var endpoint = endpoints.Of(tenant);
        var result = await sender.SendAsync(endpoint.Url, message.Id, message.Body, endpoint.Keys, stopping);
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case SendOutcome.Delivered:
                failures.TryRemove(failureKey, out _);
                await store.RemoveAsync(stream, stored.EntryId, stopping);
                var lag = (now - stored.OccurredAt).TotalSeconds;
                WebhookTelemetry.Delivered.Add(1, SecureOtpTelemetry.Tag("tenant", tenant), SecureOtpTelemetry.Tag("type", stored.Type));
                WebhookTelemetry.Lag.Record(Math.Max(0, lag), SecureOtpTelemetry.Tag("tenant", tenant));
                Log.WebhookDelivered(logger, tenant, stored.Type, message.Id, lag);
                return true;
            case SendOutcome.Gone:
                if (disabled.TryAdd(tenant, true))
                {
                    WebhookTelemetry.DisabledEndpoints.Add(1, SecureOtpTelemetry.Tag("tenant", tenant));
                    Log.WebhookEndpointGone(logger, tenant, message.Id);
                }

                return false;
            default:
                var giveUpAt = stored.OccurredAt + settings.MaxRetryAge;
                if (now >= giveUpAt)
                {
                    return await DropAsync(tenant, stream, stored, message.Id, "max_retry_age", failureKey, stopping);
                }

                var failed = failures.AddOrUpdate(failureKey, 1, (_, n) => n + 1);
                var next = WebhookBackoff.NextTry(failed, now, giveUpAt, result.RetryAfter, settings);
                await store.ScheduleAsync(tenantTag, stream, next, stopping);
                WebhookTelemetry.Failed.Add(1, SecureOtpTelemetry.Tag("tenant", tenant), SecureOtpTelemetry.Tag("reason", result.Reason));
                Log.WebhookFailed(logger, tenant, stored.Type, message.Id, result.Reason, failed, (next - now).TotalSeconds);
                return false;
        }
    }

    private async Task<bool> DropAsync(string tenant, string stream, StoredEvent stored, string eventId, string reason, string failureKey, CancellationToken stopping)
    {
        failures.TryRemove(failureKey, out _);
        await store.RemoveAsync(stream, stored.EntryId, stopping);
        WebhookTelemetry.Dropped.Add(1, SecureOtpTelemetry.Tag("tenant", tenant), SecureOtpTelemetry.Tag("reason", reason));
        Log.WebhookDropped(logger, tenant, stored.Type, eventId, reason);
        return true;
    }

    /// <summary>Hands the stream on at once, even while stopping; a lease not given back lapses by itself.</summary>
    private async Task ReleaseAsync(string stream, string token)
    {
        try
        {
            await store.ReleaseAsync(stream, token, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the lease lapses after its time
        }
    }

    private async Task SweepAsync(CancellationToken stopping)
    {
        var tenantTags = events.TenantsByTag.Keys.ToHashSet(StringComparer.Ordinal);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await store.SweepAsync(tenantTags, time.GetUtcNow(), stopping) is > 0 and var found)
                {
                    Log.WebhookStreamsSwept(logger, found);
                    foreach (var tenant in events.TenantsByTag.Values)
                    {
                        events.Recorded(tenant);
                    }
                }

                await Task.Delay(settings.SweepInterval, time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.WebhookRoundFailed(logger, "*", e.GetType().Name);
                await Task.Delay(settings.PollInterval, time, stopping);
            }
        }
    }

    /// <summary>Until this replica records an event for the tenant, or the poll interval passes (other replicas' events).</summary>
    private async Task WaitAsync(SemaphoreSlim wakeUp, TimeSpan interval, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            await wakeUp.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // the poll interval passed
        }
    }
}
