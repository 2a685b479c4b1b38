using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The one shared multiplexer. It is created with <c>abortConnect=false</c>, so the service starts while Redis is down and
/// the multiplexer keeps reconnecting in the background; until it is connected, callers get a fast
/// <see cref="StoreUnavailableException"/> instead of waiting.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly ILogger<RedisConnection> logger;
    private readonly ConfigurationOptions configuration;
    private readonly SentinelMasterTracker? sentinel;
    private readonly SemaphoreSlim switching = new(1, 1);
    private volatile Task<ConnectionMultiplexer> connecting;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        this.logger = logger;
        var text = options.Value.Configuration!;
        var parsed = ConfigurationOptions.Parse(text);
        parsed.AbortOnConnectFail = false;
        if (!text.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            parsed.ConnectTimeout = 2000; // first connection attempt; reconnects go on in the background after it
        }

        parsed.ClientName ??= "secureotp";
        this.configuration = parsed;
        if (string.IsNullOrEmpty(parsed.ServiceName))
        {
            connecting = ConnectAsync(parsed);
            return;
        }

        // Sentinel: the endpoints are sentinels; connect to the master they name, and follow it when it moves.
        sentinel = new SentinelMasterTracker(parsed);
        connecting = ConnectToMasterAsync();
        sentinel.Follow(SwitchIfMovedAsync);
    }

    /// <summary>A write met READONLY or the connection dropped: with Sentinel, ask at once whether the master moved.</summary>
    public void SuspectFailover() => sentinel?.CheckNow();

    private async Task<ConnectionMultiplexer> ConnectToMasterAsync()
    {
        var master = await sentinel!.CurrentMasterAsync() ?? throw new StoreUnavailableException("No sentinel names a master.");
        return await ConnectAsync(MasterOptions(master));
    }

    private ConfigurationOptions MasterOptions(System.Net.EndPoint master)
    {
        var options = configuration.Clone();
        options.ServiceName = null;
        options.EndPoints.Clear();
        options.EndPoints.Add(master);
        return options;
    }

    /// <summary>Reconnects to the master the sentinels name now, if it is not the one we use; the old connection is closed.</summary>
    private async Task SwitchIfMovedAsync(System.Net.EndPoint master)
    {
        // Same master: the multiplexer reconnects by itself if the link dropped. Only a new master (or a failed first
        // connection) calls for a new multiplexer.
        var current = connecting;
        if (current.IsCompletedSuccessfully && (await current).GetEndPoints().Any(e => SameEndPoint(e, master)))
        {
            return;
        }

        if (!current.IsCompleted || !await switching.WaitAsync(0))
        {
            return;
        }

        try
        {
            Log.RedisMasterChanged(logger, master.ToString() ?? "?");
            var replacement = await ConnectAsync(MasterOptions(master));
            connecting = Task.FromResult(replacement);
            if (current.IsCompletedSuccessfully)
            {
                var old = await current;
                await old.CloseAsync(allowCommandsToComplete: true);
                old.Dispose();
            }
        }
        finally
        {
            switching.Release();
        }
    }

    private static bool SameEndPoint(System.Net.EndPoint a, System.Net.EndPoint b) =>
        string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

    /// <summary>A database handle. While the first connection is still being made, waits at most
    /// <paramref name="timeout"/>, so a request is answered within its budget even when Redis is down.</summary>
    public async ValueTask<IDatabase> GetDatabaseAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!connecting.IsCompletedSuccessfully)
        {
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
        if (sentinel is not null)
        {
            await sentinel.DisposeAsync();
        }

        switching.Dispose();
        if (connecting.IsCompletedSuccessfully)
        {
            var multiplexer = await connecting;
            await multiplexer.CloseAsync(allowCommandsToComplete: true);
            multiplexer.Dispose();
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
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
    /// SCRIPT LOAD. Best effort: a server that restarts or fails over answers NOSCRIPT and the client falls back to EVAL.
    /// </summary>
    private async Task PreloadScriptsAsync(ConnectionMultiplexer multiplexer)
    {
        foreach (var endPoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endPoint);
            if (!server.IsConnected || server.IsSlave)
            {
                continue;
            }

            try
            {
                await Task.WhenAll(LuaScripts.All.Select(script => server.ScriptLoadAsync(script)));
            }
            catch (RedisException e)
            {
                Log.ScriptPreloadFailed(logger, endPoint.ToString() ?? "?", e.GetType().Name);
            }
        }
    }
}
