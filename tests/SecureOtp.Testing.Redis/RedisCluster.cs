using System.Diagnostics;
using System.Globalization;

namespace SecureOtp.Testing.Redis;

/// <summary>
/// A real Redis Cluster on loopback: 3 masters + 3 replicas (redis-server --cluster-enabled yes), created with
/// <c>redis-cli --cluster create</c>, every node stopped by its own pid. Ports are picked at run time with their
/// cluster-bus port (+10000) free too.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private const int Nodes = 6;
    private readonly List<RedisServer> nodes = [];
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("secureotp-cluster-");

    private RedisCluster(RedisAccess access, int[] ports)
    {
        Access = access;
        Ports = ports;
    }

    public RedisAccess Access { get; }

    public int[] Ports { get; }

    /// <summary>Every node, so the client can find the cluster even if one is down.</summary>
    public string Configuration => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}")) + Access.ConnectionStringSuffix;

    public static RedisCluster Start(RedisAccess? access = null)
    {
        var cluster = new RedisCluster(access ?? RedisAccess.Open, LoopbackPorts.FreeWithBusPorts(Nodes));
        try
        {
            foreach (var port in cluster.Ports)
            {
                var dir = cluster.folder.CreateSubdirectory(port.ToString(CultureInfo.InvariantCulture));
                cluster.nodes.Add(RedisServer.Start(port, cluster.Access,
                    "--dir", dir.FullName, "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{port}.conf", "--cluster-node-timeout", "2000"));
            }

            cluster.Create();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        nodes.ForEach(n => n.Dispose());
        folder.Delete(recursive: true);
    }

    private void Create()
    {
        string[] create = ["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "1", "--cluster-yes"];
        var output = RedisCli.RunRaw([.. Access.CliArguments(), .. create]);
        if (!output.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + output);
        }

        var deadline = Stopwatch.StartNew();
        while (!nodes.All(n => n.Cli("cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("Redis cluster: timed out waiting for cluster_state:ok.");
            }

            Thread.Sleep(100);
        }
    }
}
