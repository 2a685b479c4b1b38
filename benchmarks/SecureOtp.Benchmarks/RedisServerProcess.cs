using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecureOtp.Benchmarks;

/// <summary>
/// A redis-server owned by one benchmark: a free loopback port, nothing persisted (the flags of benchmarks/run.sh), stopped
/// by its own pid. A missing redis-server fails the setup with a message saying how to install it.
/// </summary>
internal sealed class RedisServerProcess : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Servers not yet stopped. BenchmarkDotNet skips [GlobalCleanup] when a benchmark throws, so whatever is left here
    /// is killed when the benchmark process exits instead of outliving it.
    /// </summary>
    private static readonly HashSet<RedisServerProcess> Running = [];
    private static readonly Lock RunningGate = new();

    private readonly Process process;

    static RedisServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllStillRunning();

    private RedisServerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What <c>Redis:Configuration</c> would say for this server.</summary>
    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static RedisServerProcess Start()
    {
        var executable = FindOnPath() ?? throw new InvalidOperationException(
            "redis-server is not on PATH. The Redis round-trip benchmarks start their own: apt-get install -y redis-server.");
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--daemonize", "no", "--loglevel", "warning",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");

        // Drained, so a full pipe can never stall redis-server; its log is of no use to a benchmark.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new RedisServerProcess(process, port);
        lock (RunningGate)
        {
            Running.Add(server);
        }

        try
        {
            server.WaitUntilAnswering();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Kills this process (by its pid, nothing else) and waits a bounded time for it to go.</summary>
    public void Dispose()
    {
        lock (RunningGate)
        {
            Running.Remove(this);
        }

        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(StopDeadline);
        }

        process.Dispose();
    }

    private static void StopAllStillRunning()
    {
        RedisServerProcess[] left;
        lock (RunningGate)
        {
            left = [.. Running];
        }

        foreach (var server in left)
        {
            server.Dispose();
        }
    }

    private static string? FindOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends PING until the answer is +PONG, with a deadline rather than a fixed sleep.</summary>
    private void WaitUntilAnswering()
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartDeadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"redis-server exited at start (code {process.ExitCode}); was port {Port} taken?"));
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var reply = new byte[7];
                if (stream.Read(reply) > 0 && reply[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"redis-server on port {Port} did not answer PING within {StartDeadline.TotalSeconds} s."));
    }
}
