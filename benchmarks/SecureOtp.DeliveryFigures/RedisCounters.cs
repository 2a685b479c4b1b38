using System.Globalization;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// What redis-server itself counts, read with one <c>INFO stats commandstats cpu</c>: every command it ran
/// (<c>total_commands_processed</c>: those Lua scripts call included, so not round trips — <see cref="RedisMonitor"/>
/// counts those), calls per command, and its CPU time.
/// </summary>
internal sealed record RedisCounters(long Commands, IReadOnlyDictionary<string, long> Calls, double CpuSeconds)
{
    public static RedisCounters Read(RedisServer redis)
    {
        var info = redis.Cli("INFO", "stats", "commandstats", "cpu").Split('\n', StringSplitOptions.TrimEntries);
        string Field(string name) => info.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];
        var calls = info.Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)).ToDictionary(
            l => l["cmdstat_".Length..l.IndexOf(':', StringComparison.Ordinal)],
            l => long.Parse(l.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
        return new RedisCounters(long.Parse(Field("total_commands_processed"), CultureInfo.InvariantCulture), calls,
            double.Parse(Field("used_cpu_user"), CultureInfo.InvariantCulture) + double.Parse(Field("used_cpu_sys"), CultureInfo.InvariantCulture));
    }

    /// <summary>What happened between <paramref name="before"/> and this, less one read's own commands (<paramref name="reading"/>).</summary>
    public RedisCounters Since(RedisCounters before, RedisCounters reading) => new(
        Commands - before.Commands - reading.Commands,
        Calls.ToDictionary(c => c.Key, c => c.Value - before.Calls.GetValueOrDefault(c.Key) - reading.Calls.GetValueOrDefault(c.Key))
            .Where(c => c.Value > 0).ToDictionary(),
        CpuSeconds - before.CpuSeconds);

    /// <summary>The commands one read itself adds (measured: two reads back to back).</summary>
    public static RedisCounters ReadingCost(RedisServer redis)
    {
        var first = Read(redis);
        var second = Read(redis);
        return new RedisCounters(second.Commands - first.Commands,
            second.Calls.ToDictionary(c => c.Key, c => c.Value - first.Calls.GetValueOrDefault(c.Key)), 0);
    }
}
