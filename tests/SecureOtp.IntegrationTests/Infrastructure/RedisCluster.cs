using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback: 3 masters + 3 replicas (redis-server --cluster-enabled yes), created with
/// <c>redis-cli --cluster create</c>, every node stopped by its own pid. Ports are picked at run time with their cluster-bus
/// port (+10000) free too, so parallel runs and leftovers never collide.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private const int Nodes = 6;
    private readonly List<Process> processes = [];
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("secureotp-cluster-");

    private RedisCluster(int[] ports) => Ports = ports;

    public int[] Ports { get; }

    /// <summary>Every node, so the client can find the cluster even if one is down.</summary>
    public string Configuration => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    public static RedisCluster Start()
    {
        var cluster = new RedisCluster(FreePortsWithBusPorts(Nodes));
        try
        {
            foreach (var port in cluster.Ports)
            {
                cluster.StartNode(port);
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
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        processes.ForEach(p => p.Dispose());
        folder.Delete(recursive: true);
    }

    private void StartNode(int port)
    {
        var dir = folder.CreateSubdirectory(port.ToString(CultureInfo.InvariantCulture));
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir.FullName,
                     "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{port}.conf", "--cluster-node-timeout", "2000",
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
    }

    private void Create()
    {
        WaitFor(() => Ports.All(p => Cli(p, "ping").Contains("PONG", StringComparison.Ordinal)), "nodes answering");
        var create = Ports.Select(p => $"127.0.0.1:{p}").Concat(["--cluster-replicas", "1", "--cluster-yes"]).Prepend("create").Prepend("--cluster");
        var output = Run("redis-cli", create.ToArray());
        if (!output.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + output);
        }

        WaitFor(() => Ports.All(p => Cli(p, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)), "cluster_state:ok");
    }

    private static string Cli(int port, params string[] args) =>
        Run("redis-cli", [.. args.Prepend(port.ToString(CultureInfo.InvariantCulture)).Prepend("-p")]);

    private static string Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        return output;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Redis cluster: timed out waiting for {what}");
            }

            Thread.Sleep(100);
        }
    }

    private static int[] FreePortsWithBusPorts(int count)
    {
        var ports = new List<int>();
        while (ports.Count < count)
        {
            var port = System.Security.Cryptography.RandomNumberGenerator.GetInt32(20_000, 30_000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10_000))
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
