using System.Diagnostics;
using System.Globalization;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// A master, a replica and three sentinels (quorum 2, down-after 2 s) on free loopback ports, each a process the tests
/// stop by pid; sentinel configs are written to a temp folder (sentinels rewrite them).
/// </summary>
public sealed class RedisSentinelSet : IDisposable
{
    public const string MasterName = "mymaster";
    private readonly List<Process> processes = [];
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("secureotp-sentinel-");

    private RedisSentinelSet()
    {
    }

    public RedisServer Master { get; private set; } = null!;

    public int ReplicaPort { get; private set; }

    public int[] SentinelPorts { get; private set; } = [];

    public string Configuration => string.Join(",", SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $",serviceName={MasterName}";

    public static RedisSentinelSet Start()
    {
        var set = new RedisSentinelSet();
        try
        {
            set.Master = RedisServer.Start();
            set.ReplicaPort = RedisServer.FreePort();
            set.Run("redis-server", "--port", Port(set.ReplicaPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--replicaof", "127.0.0.1", Port(set.Master.Port));
            set.SentinelPorts = [RedisServer.FreePort(), RedisServer.FreePort(), RedisServer.FreePort()];
            foreach (var port in set.SentinelPorts)
            {
                var conf = Path.Combine(set.folder.FullName, $"sentinel-{port}.conf");
                File.WriteAllText(conf, $"""
                    port {port}
                    bind 127.0.0.1
                    dir {set.folder.FullName}
                    sentinel monitor {MasterName} 127.0.0.1 {set.Master.Port} 2
                    sentinel down-after-milliseconds {MasterName} 2000
                    sentinel failover-timeout {MasterName} 10000
                    sentinel parallel-syncs {MasterName} 1

                    """);
                set.Run("redis-server", conf, "--sentinel");
            }

            // Ready when every sentinel knows the replica and its peers: only then can a failover elect one.
            WaitFor(() => set.SentinelPorts.All(p =>
                Cli(p, "sentinel", "replicas", MasterName).Contains(Port(set.ReplicaPort), StringComparison.Ordinal)
                && Cli(p, "sentinel", "sentinels", MasterName).Split('\n').Count(l => l.Trim() == "name") >= 2), TimeSpan.FromSeconds(40));
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until the replica has every write the master has (replication is asynchronous: what is not yet replicated
    /// when a failover happens is lost — see docs/storage.md).
    /// </summary>
    public void WaitForReplicaCatchUp() => WaitFor(() =>
    {
        static string Offset(string info, string field) =>
            info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..] ?? "?";
        var master = Offset(Cli(Master.Port, "info", "replication"), "master_repl_offset");
        var replica = Offset(Cli(ReplicaPort, "info", "replication"), "slave_repl_offset");
        return master != "?" && master == replica;
    }, TimeSpan.FromSeconds(10));

    /// <summary>Asks a sentinel to fail over now (no waiting for down-after).</summary>
    public string ForceFailover() => Cli(SentinelPorts[0], "sentinel", "failover", MasterName);

    public string CurrentMaster() => Cli(SentinelPorts[0], "sentinel", "get-master-addr-by-name", MasterName).Replace('\n', ':').Trim(':');

    public void Dispose()
    {
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        processes.ForEach(p => p.Dispose());
        Master?.Dispose();
        folder.Delete(recursive: true);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
    }

    private static string Cli(int port, params string[] args)
    {
        var start = new ProcessStartInfo("redis-cli") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", Port(port) }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        return output;
    }

    private static void WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new InvalidOperationException("Redis sentinel set-up did not become ready in time.");
            }

            Thread.Sleep(200);
        }
    }
}
