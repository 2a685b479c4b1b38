using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// A real redis-server process on a free loopback port, owned by the tests: started here, stopped by its own pid.
/// Nothing is persisted. If redis-server cannot be found the tests fail with a message saying how to install it.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process? process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => process is { HasExited: false };

    public static RedisServer Start(int? port = null)
    {
        var server = new RedisServer(port ?? FreePort());
        server.Restart();
        return server;
    }

    /// <summary>Starts (or starts again, after <see cref="Kill"/>) on the same port.</summary>
    public void Restart()
    {
        var executable = FindExecutable();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning" })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilAnswering();
    }

    /// <summary>Kills the process (by its pid) to simulate an outage.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public ConnectionMultiplexer Connect() =>
        ConnectionMultiplexer.Connect($"{Configuration},allowAdmin=true,abortConnect=false,connectTimeout=5000,syncTimeout=5000");

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindExecutable()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("REDIS_SERVER");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var paths = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"]);
        return paths.Select(p => Path.Combine(p, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server was not found on PATH (or in $REDIS_SERVER). The integration tests need a real Redis: " +
                "install it with 'apt-get update && apt-get install -y redis-server'.");
    }

    /// <summary>Polls with a deadline rather than sleeping a fixed time.</summary>
    private void WaitUntilAnswering()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start (code {process.ExitCode}); is port {Port} taken?");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                var read = stream.Read(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"redis-server on port {Port} did not answer within 20 s.");
    }
}
