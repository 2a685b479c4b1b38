using System.Net;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The glue StackExchange.Redis 1.2.6 lacks for Sentinel: it can talk to sentinels (CommandMap.Sentinel,
/// SENTINEL get-master-addr-by-name) but cannot follow a failover by itself. This asks the sentinels for the current
/// master, and keeps asking (every second, and at once when a write meets READONLY or a dropped connection), so the
/// store can reconnect to the new master. Configure with the sentinels' endpoints and <c>serviceName=&lt;master name&gt;</c>.
/// </summary>
internal sealed class SentinelMasterTracker : IAsyncDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    private readonly string serviceName;
    private readonly Task<ConnectionMultiplexer> sentinels;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim checkNow = new(0, 1);
    private Task? polling;

    public SentinelMasterTracker(ConfigurationOptions configuration)
    {
        serviceName = configuration.ServiceName!;
        var sentinelOptions = new ConfigurationOptions
        {
            CommandMap = CommandMap.Sentinel,
            TieBreaker = "",
            AbortOnConnectFail = false,
            ConnectTimeout = configuration.ConnectTimeout,
            SyncTimeout = configuration.SyncTimeout,
        };
        foreach (var endPoint in configuration.EndPoints)
        {
            sentinelOptions.EndPoints.Add(endPoint);
        }

        sentinels = ConnectionMultiplexer.ConnectAsync(sentinelOptions);
    }

    /// <summary>Asks the sentinels which endpoint is the master now; null when none answers.</summary>
    public async Task<EndPoint?> CurrentMasterAsync()
    {
        var multiplexer = await sentinels;
        foreach (var endPoint in multiplexer.GetEndPoints())
        {
            var sentinel = multiplexer.GetServer(endPoint);
            if (!sentinel.IsConnected)
            {
                continue;
            }

            try
            {
                if (await sentinel.SentinelGetMasterAddressByNameAsync(serviceName) is { } master)
                {
                    return master;
                }
            }
            catch (RedisException)
            {
                // try the next sentinel
            }
        }

        return null;
    }

    /// <summary>Calls <paramref name="onMaster"/> with the master every poll (and on <see cref="CheckNow"/>).</summary>
    public void Follow(Func<EndPoint, Task> onMaster) => polling = Task.Run(async () =>
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await CurrentMasterAsync() is { } master)
                {
                    await onMaster(master);
                }

                await checkNow.WaitAsync(PollEvery, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RedisException)
            {
                // the sentinels are unreachable; keep polling
            }
        }
    });

    /// <summary>Something suggests the master moved (READONLY, a dropped connection): look now rather than at the next poll.</summary>
    public void CheckNow()
    {
        if (checkNow.CurrentCount == 0)
        {
            try
            {
                checkNow.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (polling is not null)
        {
            await polling.ConfigureAwait(false);
        }

        (await sentinels).Dispose();
        stopping.Dispose();
        checkNow.Dispose();
    }
}
