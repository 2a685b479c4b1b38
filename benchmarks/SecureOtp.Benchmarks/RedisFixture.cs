using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Storage;
using SecureOtp.Testing.Redis;

namespace SecureOtp.Benchmarks;

/// <summary>
/// A redis-server of its own and the service's connection to it, built the way the service's DI builds them
/// (Storage/StorageExtensions.cs, Risk/RiskExtensions.cs: one <see cref="RedisConnection"/>, and
/// <see cref="RedisOtpStore"/> / <see cref="RedisRateLimiter"/> calling it through <see cref="RedisCalls"/> with
/// <c>Redis:*</c> options), minus the host.
/// </summary>
internal sealed class RedisFixture : IAsyncDisposable
{
    /// <summary>
    /// The service's default is 800 ms. On the shared 2-core machine a scheduling stall must not abort a run, and the
    /// timeout's length costs nothing in a call that completes.
    /// </summary>
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private readonly RedisServer server;
    private readonly RedisConnection connection;

    /// <summary>Never started: a benchmark that stalls Redis measures nothing, so nothing is ever queued for undoing.</summary>
    private readonly StoreCleanup cleanup = new(TimeProvider.System, NullLogger<StoreCleanup>.Instance);

    private RedisFixture(RedisServer server)
    {
        this.server = server;
        connection = new RedisConnection(OptionsFor("warmup"), TimeProvider.System, NullLogger<RedisConnection>.Instance);
    }

    /// <summary>Starts redis-server and connects; returns once a PING went through the store (scripts are preloaded by then).</summary>
    public static async Task<RedisFixture> StartAsync()
    {
        var fixture = new RedisFixture(RedisServer.Start());
        if (!await fixture.Store("warmup").PingAsync(CancellationToken.None))
        {
            await fixture.DisposeAsync();
            throw new InvalidOperationException("The service's Redis connection did not answer PING after redis-server did.");
        }

        return fixture;
    }

    /// <summary>A store whose every key starts with <paramref name="keyPrefix"/>, on the shared connection.</summary>
    public RedisOtpStore Store(string keyPrefix) => new(Calls(keyPrefix), cleanup, OptionsFor(keyPrefix));

    public RedisRateLimiter Limiter(string keyPrefix) => new(Calls(keyPrefix), cleanup, OptionsFor(keyPrefix));

    /// <summary>Closes the connection first, so the multiplexer does not log reconnect attempts against a dead server.</summary>
    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        server.Dispose();
    }

    private RedisCalls Calls(string keyPrefix) => new(connection, OptionsFor(keyPrefix), TimeProvider.System);

    private IOptions<RedisOptions> OptionsFor(string keyPrefix) => Options.Create(new RedisOptions
    {
        Configuration = server.Configuration,
        KeyPrefix = keyPrefix,
        OperationTimeout = OperationTimeout,
    });
}
