using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The one shared multiplexer. StackExchange.Redis does the connecting and reconnecting, and with <c>serviceName=</c> the
/// Sentinel part too: it asks the sentinels for the master, connects to it, and follows <c>+switch-master</c>. What it does
/// not do is keep trying a first connection that failed: with Sentinel, <c>ConnectAsync</c> throws when no sentinel names
/// a master (sentinels down, or not agreed yet) even with <c>abortConnect=false</c>. So the first connection is retried
/// here in the background, with back-off; until it is made, callers get a fast <see cref="StoreUnavailableException"/>
/// and the service keeps running.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ILogger<RedisConnection> logger;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task<ConnectionMultiplexer> connecting;

    /// <summary>Set once a first attempt failed: from then on callers are refused at once rather than made to wait.</summary>
    private volatile bool retrying;

    public RedisConnection(IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisConnection> logger)
    {
        this.logger = logger;
        this.time = time;
        var configuration = RedisClientConfiguration.From(options.Value);
        connecting = Task.Run(() => ConnectWithRetriesAsync(configuration));
    }

    /// <summary>A database handle. While the first connection is being made, waits at most <paramref name="timeout"/>,
    /// so a request is answered within its budget; while a failed first connection waits to be retried, not at all.</summary>
    public async ValueTask<IDatabase> GetDatabaseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connecting.IsCompletedSuccessfully)
        {
            if (retrying)
            {
                throw new StoreUnavailableException("Redis is not connected yet.");
            }

            try
            {
                await connecting.WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException e)
            {
                throw new StoreUnavailableException("Redis is not connected yet.", e);
            }
        }

        return (await connecting).GetDatabase();
    }

    /// <summary>Starts connecting when the host starts rather than on the first request.</summary>
    internal sealed class Warmup(IServiceProvider services, IOptions<RedisOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.UsesInProcessStore)
            {
                services.GetRequiredService<RedisConnection>();
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            var multiplexer = await connecting;
            await multiplexer.CloseAsync(allowCommandsToComplete: true);
            multiplexer.Dispose();
        }
        catch (OperationCanceledException)
        {
            // stopped while waiting to retry: there is no connection to close
        }

        stopping.Dispose();
    }

    private async Task<ConnectionMultiplexer> ConnectWithRetriesAsync(ConfigurationOptions configuration)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            stopping.Token.ThrowIfCancellationRequested();
            try
            {
                return await ConnectAsync(configuration);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                retrying = true;
                Log.RedisFirstConnectFailed(logger, e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, time, stopping.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        if (stopping.IsCancellationRequested)
        {
            multiplexer.Dispose();
            stopping.Token.ThrowIfCancellationRequested();
        }

        multiplexer.ConnectionFailed += (_, e) => Log.RedisConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
        multiplexer.ConnectionRestored += (_, e) =>
        {
            Log.RedisConnectionRestored(logger, e.EndPoint?.ToString() ?? "?");
            _ = PreloadScriptsAsync(multiplexer);
        };
        if (!multiplexer.IsConnected)
        {
            Log.RedisStartingDisconnected(logger);
        }

        await PreloadScriptsAsync(multiplexer);
        return multiplexer;
    }

    /// <summary>
    /// Loads every script on every server up front, so requests run EVALSHA from the first one instead of paying a
    /// SCRIPT LOAD. Replicas too: the one Sentinel promotes already holds them. Best effort: a server that restarts
    /// answers NOSCRIPT and the client falls back to EVAL.
    /// </summary>
    private async Task PreloadScriptsAsync(ConnectionMultiplexer multiplexer)
    {
        foreach (var endPoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endPoint);
            if (!server.IsConnected)
            {
                continue;
            }

            try
            {
                await Task.WhenAll(LuaScripts.All.Select(script => server.ScriptLoadAsync(script.Text)));
            }
            catch (RedisException e)
            {
                Log.ScriptPreloadFailed(logger, endPoint.ToString() ?? "?", e.GetType().Name);
            }
        }
    }
}
