using System.Diagnostics;
using System.Globalization;

namespace SecureOtp.Testing.Redis;

/// <summary>
/// One redis-server (or sentinel) process started here, with its output drained, killed by its own pid and nothing else.
/// Processes not yet stopped when the test or benchmark process exits are killed then (BenchmarkDotNet skips its cleanup
/// when a benchmark throws), so none outlives its owner.
/// </summary>
public sealed class RedisProcess : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly HashSet<RedisProcess> Running = [];
    private static readonly Lock RunningGate = new();

    private readonly string[] arguments;
    private Process? process;

    static RedisProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllStillRunning();

    private RedisProcess(int port, RedisAccess access, string[] arguments)
    {
        Port = port;
        Access = access;
        this.arguments = arguments;
    }

    public int Port { get; }

    public RedisAccess Access { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Starts redis-server with <paramref name="arguments"/> and returns once it answers PING on <paramref name="port"/>.</summary>
    public static RedisProcess Start(int port, RedisAccess access, params string[] arguments)
    {
        var started = new RedisProcess(port, access, arguments);
        started.Restart();
        return started;
    }

    /// <summary>Starts (again, after <see cref="Kill"/>) with the same arguments on the same port.</summary>
    public void Restart()
    {
        var start = new ProcessStartInfo(RedisExecutables.Server)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");

        // Drained, so a full pipe never stalls redis-server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (RunningGate)
        {
            Running.Add(this);
        }

        try
        {
            WaitUntilAnswering();
        }
        catch
        {
            Kill();
            throw;
        }
    }

    /// <summary>Kills the process (by its pid) and waits a bounded time for it to go: an outage, or the end.</summary>
    public void Kill()
    {
        lock (RunningGate)
        {
            Running.Remove(this);
        }

        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    /// <summary>Runs redis-cli against this process (with its password and TLS) and returns what it printed.</summary>
    public string Cli(params string[] command) => RedisCli.Run(Port, Access, command);

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }

    private static void KillAllStillRunning()
    {
        RedisProcess[] left;
        lock (RunningGate)
        {
            left = [.. Running];
        }

        foreach (var redis in left)
        {
            redis.Kill();
        }
    }

    /// <summary>Polls with a deadline rather than sleeping a fixed time.</summary>
    private void WaitUntilAnswering()
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartDeadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"redis-server exited at start (code {process.ExitCode}); is port {Port} taken, or a flag wrong? {string.Join(' ', arguments)}"));
            }

            if (Cli("ping").Contains("PONG", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"redis-server on port {Port} did not answer within {StartDeadline.TotalSeconds} s."));
    }
}
