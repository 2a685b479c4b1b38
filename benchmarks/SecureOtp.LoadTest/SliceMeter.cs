using System.Diagnostics;
using HdrHistogram;

namespace SecureOtp.LoadTest;

/// <summary>What one slice measured: its latencies (see <see cref="Latency"/>), status counts, and the same split by kind (mixed only).</summary>
internal sealed record Slice(LongHistogram Latencies, Dictionary<int, long> Statuses, long Unexpected, double Seconds, Dictionary<string, KindStats> Kinds)
{
    public double Throughput => Seconds > 0 ? Latencies.TotalCount / Seconds : 0;
}

/// <summary>One kind's share of a mixed slice (or of several slices, once merged).</summary>
internal sealed class KindStats
{
    public LongHistogram Latencies { get; } = Latency.NewHistogram();

    public Dictionary<int, long> Statuses { get; } = [];

    public long Unexpected { get; set; }

    public void Record(long ticks, OpResult result)
    {
        Latencies.Record(ticks);
        Statuses[result.Status] = Statuses.GetValueOrDefault(result.Status) + 1;
        if (!result.Ok)
        {
            Unexpected++;
        }
    }

    public void Add(KindStats other)
    {
        Latencies.Add(other.Latencies);
        foreach (var (status, count) in other.Statuses)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + count;
        }

        Unexpected += other.Unexpected;
    }
}

/// <summary>Operations finished so far in the running slice (warm-up included), read by the progress display.</summary>
internal sealed class OperationCounter
{
    private long done;

    public long Done => Interlocked.Read(ref done);

    public void Increment() => Interlocked.Increment(ref done);
}

/// <summary>Runs one slice of a scenario: warm-up, then the measured window, with N workers in closed or open loop.</summary>
internal static class SliceMeter
{
    public static async Task<Slice> MeasureAsync(Scenario scenario, LoadSettings settings, OperationCounter counter, CancellationToken cancellationToken)
    {
        var workers = new WorkerStats[settings.Connections];
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(settings.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var interval = settings.OpenLoop ? Stopwatch.Frequency / settings.Rate : 0;
        long nextArrival = -1;

        async Task Worker(int w)
        {
            var stats = workers[w] = new WorkerStats();
            for (long n = 0; n < LoadSettings.MaxOperationsPerWorker && !cancellationToken.IsCancellationRequested; n++)
            {
                await scenario.BeforeOperationAsync(w, cancellationToken);
                long t0;
                if (settings.OpenLoop)
                {
                    // Latency counts from when the request should have started, so a stall is not hidden (coordinated omission).
                    t0 = start + (long)(Interlocked.Increment(ref nextArrival) * interval);
                    if (t0 >= stopAt)
                    {
                        break;
                    }

                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), t0);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                }
                else
                {
                    t0 = Stopwatch.GetTimestamp();
                    if (t0 >= stopAt)
                    {
                        break;
                    }
                }

                OpResult result;
                try
                {
                    result = await scenario.ExecuteAsync(w, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    result = new(0, false);
                }

                var t1 = Stopwatch.GetTimestamp();
                counter.Increment();
                if (t0 >= measureFrom)
                {
                    stats.Record(t1 - t0, result, t1, scenario.KindOf(w));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Connections).Select(w => Task.Run(() => Worker(w), cancellationToken)));

        var lastEnd = workers.Select(s => s.LastEnd).DefaultIfEmpty(stopAt).Max();
        var seconds = Math.Max(settings.Duration.TotalSeconds, (double)(Math.Max(lastEnd, stopAt) - measureFrom) / Stopwatch.Frequency);
        var statuses = new Dictionary<int, long>();
        foreach (var kv in workers.SelectMany(s => s.Statuses))
        {
            statuses[kv.Key] = statuses.GetValueOrDefault(kv.Key) + kv.Value;
        }

        return new Slice(Latency.Merge(workers.Select(s => s.Latencies)), statuses, workers.Sum(s => s.Unexpected), seconds, Merge(workers.Select(s => s.Kinds)));
    }

    public static Dictionary<string, KindStats> Merge(IEnumerable<Dictionary<string, KindStats>> parts)
    {
        var merged = new Dictionary<string, KindStats>(StringComparer.Ordinal);
        foreach (var (kind, stats) in parts.SelectMany(p => p))
        {
            if (!merged.TryGetValue(kind, out var into))
            {
                merged[kind] = into = new KindStats();
            }

            into.Add(stats);
        }

        return merged;
    }

    private sealed class WorkerStats
    {
        public LongHistogram Latencies { get; } = Latency.NewHistogram();

        public Dictionary<int, long> Statuses { get; } = [];

        public Dictionary<string, KindStats> Kinds { get; } = new(StringComparer.Ordinal);

        public long Unexpected { get; private set; }

        public long LastEnd { get; private set; }

        public void Record(long ticks, OpResult result, long end, string? kind)
        {
            Latencies.Record(ticks);
            Statuses[result.Status] = Statuses.GetValueOrDefault(result.Status) + 1;
            if (!result.Ok)
            {
                Unexpected++;
            }

            if (kind is not null)
            {
                if (!Kinds.TryGetValue(kind, out var stats))
                {
                    Kinds[kind] = stats = new KindStats();
                }

                stats.Record(ticks, result);
            }

            LastEnd = end;
        }
    }
}
