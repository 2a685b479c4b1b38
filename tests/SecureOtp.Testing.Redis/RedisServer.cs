using StackExchange.Redis;

namespace SecureOtp.Testing.Redis;

/// <summary>
/// A standalone redis-server on a free loopback port: nothing persisted, bound to 127.0.0.1, with a password and/or TLS
/// when <see cref="RedisAccess"/> says so. Stopped by its own pid.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly RedisProcess process;

    private RedisServer(RedisProcess process) => this.process = process;

    public int Port => process.Port;

    public RedisAccess Access => process.Access;

    /// <summary>What <c>Redis:Configuration</c> says for this server (password and <c>ssl=true</c> included).</summary>
    public string Configuration => $"127.0.0.1:{Port}{Access.ConnectionStringSuffix}";

    public bool IsRunning => process.IsRunning;

    /// <param name="port">A given port (to start a server where a client already waits for one); a free one otherwise.</param>
    /// <param name="access">Password and TLS; none by default.</param>
    /// <param name="extraArguments">More redis-server flags, e.g. <c>--replicaof</c>.</param>
    public static RedisServer Start(int? port = null, RedisAccess? access = null, params string[] extraArguments)
    {
        var chosen = port ?? LoopbackPorts.Free();
        access ??= RedisAccess.Open;
        string[] arguments =
        [
            .. access.ServerArguments(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--protected-mode", "yes", "--loglevel", "warning", .. extraArguments,
        ];
        return new RedisServer(RedisProcess.Start(chosen, access, arguments));
    }

    /// <summary>Starts again on the same port, after <see cref="Kill"/>.</summary>
    public void Restart() => process.Restart();

    /// <summary>Kills the process (by its pid) to simulate an outage.</summary>
    public void Kill() => process.Kill();

    public string Cli(params string[] command) => process.Cli(command);

    /// <summary>An admin connection for a test's own checks (KEYS, MEMORY USAGE, CLIENT PAUSE).</summary>
    public ConnectionMultiplexer Connect() =>
        ConnectionMultiplexer.Connect(Access.ClientOptions($"{Configuration},allowAdmin=true,abortConnect=false,connectTimeout=5000,syncTimeout=5000"));

    public void Dispose() => process.Dispose();
}
