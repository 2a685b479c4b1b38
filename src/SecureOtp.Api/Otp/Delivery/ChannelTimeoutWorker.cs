using Microsoft.Extensions.Options;
using SecureOtp.Api.Channels;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Fires <c>Delivery:ChannelTimeout</c>: every replica polls the store's schedule (<see cref="IChannelTimeouts"/>) with the
/// <see cref="TimeProvider"/>; a due entry is leased to exactly one replica, whose claim on the delivery
/// (<see cref="IDeliveryStore.ClaimTimeoutAsync"/>) decides whether to fall back. A replica that dies mid-way leaves its
/// leased entries to come due again; the claim keeps a second look from falling back twice.
/// </summary>
internal sealed class ChannelTimeoutWorker(
    IChannelTimeouts timeouts,
    IDeliveryStore deliveries,
    IServiceProvider services,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ChannelTimeoutWorker> logger) : BackgroundService
{
    /// <summary>Entries leased per round: a backlog drains over several rounds, never in one long burst.</summary>
    private const int Batch = 50;

    /// <summary>How long a leased entry is this replica's: longer than a fallback's delivery takes.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan CountEvery = TimeSpan.FromSeconds(15);

    // Resolved when the worker starts, not when the host builds its hosted services: the fallback reaches the SMS
    // routes, whose options would otherwise be validated first and hide the start-up validation's full report.
    private ChannelFallback? fallback;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = options.Value.ChannelTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        fallback = services.GetRequiredService<ChannelFallback>();
        var poll = PollInterval(timeout);
        var countedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(poll, time, stoppingToken);
                await RunOnceAsync(timeout, stoppingToken);
                if (time.GetUtcNow() - countedAt >= CountEvery)
                {
                    countedAt = time.GetUtcNow();
                    Interlocked.Exchange(ref SecureOtpTelemetry.ChannelTimeoutBacklog, await timeouts.CountAsync(stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Redis down, a provider failing: the entries stay leased, come due again, and are looked at next time.
                Log.ChannelTimeoutsFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>A tenth of the timeout, between 100 ms and 1 s: a timeout fires within a second of its due time.</summary>
    internal static TimeSpan PollInterval(TimeSpan timeout) =>
        TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond));

    /// <summary>One round: lease what is due and handle each.</summary>
    /// <returns>How many entries were due.</returns>
    internal async Task<int> RunOnceAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await timeouts.LeaseDueAsync(now, Lease, Batch, cancellationToken);
        foreach (var t in due)
        {
            switch (await deliveries.ClaimTimeoutAsync(t.Slot, t.IdHash, now, timeout, cancellationToken))
            {
                case TimeoutClaim.Claimed:
                    await fallback!.FallBackAsync(t.Slot, t.IdHash, FallbackReasons.Timeout, cancellationToken);
                    break;
                case TimeoutClaim.NotYet notYet:
                    // a later delivery attempt (a /resend) started its own wait
                    await timeouts.ScheduleAsync(t.Slot, t.IdHash, notYet.Due, cancellationToken);
                    break;
            }

            await timeouts.DoneAsync(t, cancellationToken);
        }

        return due.Count;
    }
}
