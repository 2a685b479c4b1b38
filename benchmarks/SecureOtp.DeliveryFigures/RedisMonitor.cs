using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// Round trips to Redis, counted with <c>redis-cli MONITOR</c> (a process of its own, stopped by its pid): each line is
/// one command, and the commands a Lua script calls are marked <c>[db lua]</c> — so the other lines are the commands
/// clients sent, one round trip each (the service never pipelines a batch). INFO cannot tell them apart: its counters
/// include script calls. MONITOR slows redis-server, so it runs over sends of their own, never the ones timed for CPU.
/// </summary>
internal sealed partial class RedisMonitor : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentDictionary<string, int> topLevel = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int inScripts;

    private RedisMonitor(Process process) => this.process = process;

    public static async Task<RedisMonitor> StartAsync(RedisServer redis)
    {
        var start = new ProcessStartInfo(RedisExecutables.Cli) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", redis.Port.ToString(CultureInfo.InvariantCulture), "MONITOR" })
        {
            start.ArgumentList.Add(arg);
        }

        var monitor = new RedisMonitor(Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start"));
        monitor.process.OutputDataReceived += (_, e) => monitor.Count(e.Data);
        monitor.process.ErrorDataReceived += (_, _) => { };
        monitor.process.BeginOutputReadLine();
        monitor.process.BeginErrorReadLine();
        await monitor.started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return monitor;
    }

    /// <summary>Commands clients sent so far, by command.</summary>
    public IReadOnlyDictionary<string, int> TopLevel => topLevel;

    public int RoundTrips => topLevel.Values.Sum();

    /// <summary>Commands Lua scripts called so far.</summary>
    public int InScripts => Volatile.Read(ref inScripts);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private void Count(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == "OK")
        {
            started.TrySetResult();
            return;
        }

        var match = MonitorLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        if (match.Groups["source"].Value == "lua")
        {
            Interlocked.Increment(ref inScripts);
        }
        else
        {
            topLevel.AddOrUpdate(match.Groups["command"].Value.ToLowerInvariant(), 1, (_, n) => n + 1);
        }
    }

    // 1733600000.123456 [0 127.0.0.1:50412] "EVALSHA" "…" …   or   … [0 lua] "ZADD" …
    [GeneratedRegex(@"^\d+\.\d+ \[\d+ (?<source>[^\]]+)\] ""(?<command>[^""]+)""")]
    private static partial Regex MonitorLine();
}
