using System.Diagnostics;
using System.Globalization;

namespace SecureOtp.Testing.Redis;

/// <summary>
/// A master, a replica and three sentinels (quorum 2, down-after 2 s) on free loopback ports, each a process stopped by its
/// pid; sentinel configs are written to a temp folder (sentinels rewrite them). With a <see cref="RedisAccess"/> password,
/// Bitnami's layout: <c>requirepass</c> and <c>masterauth</c> on master and replica, <c>requirepass</c> and
/// <c>sentinel auth-pass</c> on each sentinel, all one password. With TLS, every port is a TLS port.
/// </summary>
public sealed class RedisSentinelSet : IDisposable
{
    public const string MasterName = "mymaster";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(40);

    private readonly List<RedisProcess> sentinels = [];
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("secureotp-sentinel-");

    private RedisSentinelSet(RedisAccess access, int[] sentinelPorts)
    {
        Access = access;
        SentinelPorts = sentinelPorts;
    }

    public RedisAccess Access { get; }

    public RedisServer Master { get; private set; } = null!;

    public RedisServer Replica { get; private set; } = null!;

    public int ReplicaPort => Replica.Port;

    /// <summary>Chosen before the sentinels start, so a client can be configured with them while they are still down.</summary>
    public int[] SentinelPorts { get; }

    /// <summary>What <c>Redis:Configuration</c> says: the sentinels, the master's name, the password and <c>ssl=true</c>.</summary>
    public string Configuration =>
        string.Join(",", SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $",serviceName={MasterName}{Access.ConnectionStringSuffix}";

    /// <summary>Master, replica and sentinels, ready (every sentinel knows the replica and its peers).</summary>
    public static RedisSentinelSet Start(RedisAccess? access = null)
    {
        var set = Prepare(access);
        try
        {
            set.StartSentinels();
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>Master and replica only; the sentinels' ports are chosen but nothing listens there until
    /// <see cref="StartSentinels"/>.</summary>
    public static RedisSentinelSet Prepare(RedisAccess? access = null)
    {
        var set = new RedisSentinelSet(access ?? RedisAccess.Open, [LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free()]);
        try
        {
            set.Master = RedisServer.Start(access: set.Access);
            set.Replica = RedisServer.Start(access: set.Access, extraArguments: ["--replicaof", "127.0.0.1", Port(set.Master.Port)]);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    public void StartSentinels()
    {
        foreach (var port in SentinelPorts)
        {
            var conf = Path.Combine(folder.FullName, $"sentinel-{port}.conf");
            File.WriteAllText(conf, $"""
                {Access.SentinelConfig(port, MasterName)}
                bind 127.0.0.1
                dir {folder.FullName}
                sentinel monitor {MasterName} 127.0.0.1 {Master.Port} 2
                sentinel down-after-milliseconds {MasterName} 2000
                sentinel failover-timeout {MasterName} 10000
                sentinel parallel-syncs {MasterName} 1

                """);
            sentinels.Add(RedisProcess.Start(port, Access, conf, "--sentinel"));
        }

        // Ready when every sentinel knows the replica and its peers: only then can a failover elect one.
        WaitFor(() => sentinels.All(s =>
            s.Cli("sentinel", "replicas", MasterName).Contains(Port(ReplicaPort), StringComparison.Ordinal)
            && s.Cli("sentinel", "sentinels", MasterName).Split('\n').Count(l => l.Trim() == "name") >= 2), "sentinels ready");
    }

    /// <summary>
    /// Waits until the replica has every write the master has (replication is asynchronous: what is not yet replicated
    /// when a failover happens is lost — see docs/storage.md).
    /// </summary>
    public void WaitForReplicaCatchUp() => WaitFor(() =>
    {
        static string Offset(string info, string field) =>
            info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..] ?? "?";
        var master = Offset(Master.Cli("info", "replication"), "master_repl_offset");
        var replica = Offset(Replica.Cli("info", "replication"), "slave_repl_offset");
        return master != "?" && master == replica;
    }, "replica caught up");

    /// <summary>Asks a sentinel to fail over now (no waiting for down-after).</summary>
    public string ForceFailover() => sentinels[0].Cli("sentinel", "failover", MasterName);

    /// <summary>The master the first sentinel names now, as <c>host:port</c>.</summary>
    public string CurrentMaster() => sentinels[0].Cli("sentinel", "get-master-addr-by-name", MasterName).Replace('\n', ':').Trim(':');

    public void Dispose()
    {
        sentinels.ForEach(s => s.Dispose());
        Replica?.Dispose();
        Master?.Dispose();
        folder.Delete(recursive: true);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > ReadyWithin)
            {
                throw new InvalidOperationException($"Redis sentinel set: timed out waiting for {what}.");
            }

            Thread.Sleep(200);
        }
    }
}
