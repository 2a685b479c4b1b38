using System.Diagnostics;
using System.Globalization;

namespace SecureOtp.Testing.Redis;

/// <summary>redis-cli, for what a test does to its servers from outside (set up a cluster, force a failover, read INFO).</summary>
public static class RedisCli
{
    public static string Run(int port, RedisAccess access, params string[] command) =>
        RunRaw([.. access.CliArguments(), "-p", port.ToString(CultureInfo.InvariantCulture), .. command]);

    /// <summary>redis-cli with exactly <paramref name="arguments"/>; returns stdout and stderr together.</summary>
    public static string RunRaw(params string[] arguments)
    {
        var start = new ProcessStartInfo(RedisExecutables.Cli) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(60_000);
        return output + error.Result;
    }
}
