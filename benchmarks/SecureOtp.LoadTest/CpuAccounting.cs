using System.Diagnostics;
using System.Globalization;

namespace SecureOtp.LoadTest;

/// <summary>
/// CPU time each process of the run used per operation: the service, redis-server, the fake provider (given by pid) and
/// this load generator. On a machine where all of them share the same cores, this is what explains a ratio: an
/// operation that costs the cores 4× the CPU of the baseline's request cannot run at more than about ¼ of its rate.
/// Read from /proc/&lt;pid&gt;/stat (utime + stime, in clock ticks of 1/100 s on Linux), so it is coarse per slice but
/// exact over a run; processes that are gone or unreadable are left out.
/// </summary>
internal sealed class CpuAccounting(IReadOnlyDictionary<string, int> pids)
{
    private const double TicksPerSecond = 100;
    private readonly Dictionary<string, (double CpuSeconds, double Operations)> totals = [];

    /// <summary>Runs one slice and adds the CPU every process used during it, against the slice's operations.</summary>
    public async Task<Slice> MeasureAsync(string scenario, Func<Task<Slice>> measure)
    {
        var before = Read();
        var wall = Stopwatch.StartNew();
        var slice = await measure();
        var seconds = wall.Elapsed.TotalSeconds;
        var after = Read();

        // Warm-up runs at the measured rate too, so the slice's whole wall time × its rate estimates the ops the CPU served.
        var operations = slice.Throughput * seconds;
        foreach (var (name, cpu) in after)
        {
            if (before.TryGetValue(name, out var start))
            {
                var key = $"{scenario}\n{name}";
                var (sum, ops) = totals.GetValueOrDefault(key);
                totals[key] = (sum + (cpu - start), ops + operations);
            }
        }

        return slice;
    }

    /// <summary>"service 120 µs, redis-server 25 µs, …" for one scenario, or "" when nothing was measured.</summary>
    public string PerOperation(string scenario)
    {
        var parts = totals.Where(t => t.Key.StartsWith(scenario + "\n", StringComparison.Ordinal) && t.Value.Operations > 0)
            .Select(t => (Name: t.Key[(scenario.Length + 1)..], Micros: t.Value.CpuSeconds / t.Value.Operations * 1e6))
            .ToList();
        return parts.Count == 0 ? ""
            : $"CPU per op: {string.Join(", ", parts.Select(p => $"{p.Name} {p.Micros.ToString("0", CultureInfo.InvariantCulture)} µs"))}, " +
              $"all {parts.Sum(p => p.Micros).ToString("0", CultureInfo.InvariantCulture)} µs";
    }

    private Dictionary<string, double> Read()
    {
        var now = new Dictionary<string, double> { ["load generator"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds };
        foreach (var (name, pid) in pids)
        {
            try
            {
                // Field 2 (comm) may hold spaces but is wrapped in parentheses: split after the last ')'.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                now[name] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone or unreadable: leave it out rather than report a wrong figure.
            }
        }

        return now;
    }

    /// <summary>Parses "service=123,redis-server=456".</summary>
    public static CpuAccounting Parse(string? spec) => new(string.IsNullOrWhiteSpace(spec)
        ? new Dictionary<string, int>()
        : spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture)));
}
