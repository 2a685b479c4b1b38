using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace SecureOtp.LoadTest;

internal sealed record ScenarioResult(
    string Scenario,
    string Operation,
    string Mode,
    int Connections,
    double TargetRate,
    double MeasuredSeconds,
    long Operations,
    double Throughput,
    double? RatioToBaseline,
    string RatioRange,
    int Rounds,
    double MeanMs,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    long UnexpectedOutcomes,
    IReadOnlyDictionary<string, long> StatusCounts,
    IReadOnlyDictionary<string, double> PercentileCurveMs,
    string Notes);

internal sealed record RunReport(string StartedAtUtc, string Machine, string Target, int Rounds, double SliceSeconds, double WarmupSeconds, IReadOnlyList<ScenarioResult> Scenarios);

internal static class LoadRunner
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static readonly double[] Curve = [0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1.0];

    public static async Task<int> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        if (!IsLoopback(settings.Url) || (settings.ProviderUrl is not null && !IsLoopback(settings.ProviderUrl)))
        {
            await Console.Error.WriteLineAsync("Load goes to loopback only: --url and --provider-url must be 127.0.0.1, [::1] or localhost.");
            return 2;
        }

        if (Console.IsOutputRedirected)
        {
            // Piped to a file (run.sh, CI logs): plain text and a width that fits the table.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Out),
            });
            AnsiConsole.Profile.Width = 160;
        }

        var names = settings.Scenarios.Where(s => s != "baseline").Distinct().ToList();
        if (names.Contains("flow") && settings.ProviderUrl is null)
        {
            await Console.Error.WriteLineAsync("flow needs --provider-url (the fake Vonage server).");
            return 2;
        }

        using var service = NewClient(settings.Url, settings.Connections);
        using var provider = settings.ProviderUrl is null ? null : NewClient(settings.ProviderUrl, settings.Connections);
        var context = new LoadContext(service, provider, settings.ApiKey, settings.MaxAttempts);
        var started = TimeProvider.System.GetUtcNow();

        // The machine is shared and its background load changes within a run. So the run goes in rounds, and in each round
        // every scenario gets its own baseline slice measured just before it (same connections); a scenario's ratio is the
        // median over rounds of (scenario ops/s ÷ the adjacent baseline's ops/s).
        var scenarioObjects = new List<Scenario>();
        foreach (var name in names)
        {
            scenarioObjects.Add(name switch
            {
                "verify-wrong" => new VerifyWrongScenario(context, settings.Pool),
                "send" => new SendScenario(context),
                "flow" => new FlowScenario(context),
                _ => throw new ArgumentException($"unknown scenario '{name}' (baseline, verify-wrong, send, flow)"),
            });
        }

        var baselineScenario = new BaselineScenario(context);
        var baselineSlices = new List<Slice>();
        var slices = scenarioObjects.ToDictionary(s => s, _ => new List<Slice>());
        var ratios = scenarioObjects.ToDictionary(s => s, _ => new List<double>());
        var loads = new List<string>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            if (scenarioObjects.Count == 0)
            {
                AnsiConsole.MarkupLine($"[grey]round {round}/{settings.Rounds}: baseline…[/]");
                baselineSlices.Add(await MeasureAsync(baselineScenario, settings, cancellationToken));
            }

            foreach (var scenario in scenarioObjects)
            {
                AnsiConsole.MarkupLine($"[grey]round {round}/{settings.Rounds}: baseline, then {Markup.Escape(scenario.Name)} ({settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s measured each)…[/]");
                var before = LoadAverage();
                var baselineSlice = await MeasureAsync(baselineScenario, settings, cancellationToken);
                baselineSlices.Add(baselineSlice);
                if (round == 1)
                {
                    await scenario.PrepareAsync(settings.Connections, cancellationToken);
                }
                else if (scenario is FlowScenario)
                {
                    await scenario.PrepareAsync(settings.Connections, cancellationToken);
                }

                var slice = await MeasureAsync(scenario, settings, cancellationToken);
                slices[scenario].Add(slice);
                ratios[scenario].Add(baselineSlice.Throughput > 0 ? slice.Throughput / baselineSlice.Throughput : 0);
                loads.Add(before);
            }
        }

        var results = new List<ScenarioResult> { Aggregate(baselineScenario, settings, baselineSlices, null, "") };
        foreach (var scenario in scenarioObjects)
        {
            results.Add(Aggregate(scenario, settings, slices[scenario], ratios[scenario], scenario.Notes));
        }

        if (loads.Count > 0)
        {
            results[0] = results[0] with { Notes = $"1-minute load average at the start of each baseline+scenario pair: {string.Join(", ", loads)}" };
        }

        var report = new RunReport(started.ToString("u", CultureInfo.InvariantCulture),
            $"{Environment.ProcessorCount} logical cores, load generator on the same machine, .NET {Environment.Version}",
            settings.Url.ToString(), settings.Rounds, settings.Duration.TotalSeconds, settings.Warmup.TotalSeconds, results);
        PrintTable(report);
        if (settings.Output is { } folder)
        {
            folder.Create();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "results.json"), JsonSerializer.Serialize(report, JsonOptions), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "results.md"), Markdown(report), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "latency.svg"), LatencyChart.Render(results), cancellationToken);
            AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(folder.FullName)}/results.json, results.md, latency.svg[/]");
        }

        return results.Sum(r => r.UnexpectedOutcomes) == 0 ? 0 : 1;
    }

    private static bool IsLoopback(Uri uri) => uri.IsLoopback;

    /// <summary>The 1-minute load average (Linux), so a reader can see how busy the shared machine was.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static HttpClient NewClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
            DefaultRequestVersion = HttpVersion.Version11,
        };

    private static async Task<Slice> MeasureAsync(Scenario scenario, LoadSettings settings, CancellationToken cancellationToken)
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
                if (t0 >= measureFrom)
                {
                    stats.Record(t1 - t0, result, t1);
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

        return new Slice(workers.SelectMany(s => s.Latencies).ToArray(), statuses, workers.Sum(s => s.Unexpected), seconds);
    }

    private static ScenarioResult Aggregate(Scenario scenario, LoadSettings settings, List<Slice> slices, List<double>? ratios, string notes)
    {
        var latencies = slices.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(latencies);
        var seconds = slices.Sum(s => s.Seconds);
        var throughput = seconds > 0 ? latencies.Length / seconds : 0;
        var statuses = slices.SelectMany(s => s.Statuses).GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key == 0 ? "no-answer" : g.Key.ToString(CultureInfo.InvariantCulture), g => g.Sum(kv => kv.Value));
        double? ratio = ratios is { Count: > 0 } ? Math.Round(Median(ratios), 3) : null;
        var range = ratios is { Count: > 0 } ? $"{F(ratios.Min(), "0.000")}–{F(ratios.Max(), "0.000")}" : "";
        return new ScenarioResult(scenario.Name, scenario.Operation, settings.OpenLoop ? "open" : "closed", settings.Connections, settings.Rate,
            Math.Round(seconds, 3), latencies.Length, Math.Round(throughput, 1), ratio, range, slices.Count,
            Ms(latencies.Length == 0 ? 0 : (long)latencies.Average()), Ms(Percentile(latencies, 0.5)), Ms(Percentile(latencies, 0.9)),
            Ms(Percentile(latencies, 0.99)), Ms(Percentile(latencies, 0.999)), Ms(Percentile(latencies, 1.0)),
            slices.Sum(s => s.Unexpected), statuses,
            Curve.ToDictionary(p => p.ToString("0.####", CultureInfo.InvariantCulture), p => Ms(Percentile(latencies, p))), notes);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Slice(long[] Latencies, Dictionary<int, long> Statuses, long Unexpected, double Seconds)
    {
        public double Throughput => Seconds > 0 ? Latencies.Length / Seconds : 0;
    }

    /// <summary>Nearest rank on the sorted array: the smallest value with at least p of the samples at or below it.</summary>
    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);

    private static void PrintTable(RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("SecureOtp load (ratios are the figures to compare)");
        foreach (var column in new[] { "scenario", "ops/s", "x baseline (median)", "ratio range", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "statuses", "unexpected" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var r in report.Scenarios)
        {
            table.AddRow(Markup.Escape(r.Scenario), F(r.Throughput, "0"), r.RatioToBaseline is { } x ? F(x, "0.000") : "1", r.RatioRange, F(r.P50Ms), F(r.P90Ms),
                F(r.P99Ms), F(r.P999Ms), F(r.MaxMs), Markup.Escape(Statuses(r)), r.UnexpectedOutcomes.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private static string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Statuses(ScenarioResult r) => string.Join(" ", r.StatusCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"));

    private static string Markdown(RunReport report)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Run started {report.StartedAtUtc} against {report.Target}; {report.Machine}.");
        var first = report.Scenarios[0];
        s.AppendLine(CultureInfo.InvariantCulture, $"Mode: {first.Mode} loop, {first.Connections} connections{(first.TargetRate > 0 ? $", {first.TargetRate} arrivals/s" : "")}, {report.Rounds} rounds; in each, every scenario ran right after its own baseline slice ({report.SliceSeconds:0.#} s measured per slice after an excluded {report.WarmupSeconds:0.#} s warm-up). ops/s and percentiles pool all slices; the ratio is the median over rounds of scenario ÷ adjacent baseline.");
        s.AppendLine();
        s.AppendLine("| scenario | operation | ops/s | × baseline (median) | ratio range | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | statuses | unexpected |");
        s.AppendLine("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in report.Scenarios)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Operation} | {F(r.Throughput, "0")} | {(r.RatioToBaseline is { } x ? F(x, "0.000") : "1")} | {r.RatioRange} | {F(r.P50Ms)} | {F(r.P90Ms)} | {F(r.P99Ms)} | {F(r.P999Ms)} | {F(r.MaxMs)} | {Statuses(r)} | {r.UnexpectedOutcomes} |");
        }

        foreach (var r in report.Scenarios.Where(r => r.Notes.Length > 0))
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"{r.Scenario}: {r.Notes}");
        }

        return s.ToString();
    }

    private sealed class WorkerStats
    {
        public List<long> Latencies { get; } = new(1 << 14);

        public Dictionary<int, long> Statuses { get; } = [];

        public long Unexpected { get; private set; }

        public long LastEnd { get; private set; }

        public void Record(long ticks, OpResult result, long end)
        {
            Latencies.Add(ticks);
            Statuses[result.Status] = Statuses.GetValueOrDefault(result.Status) + 1;
            if (!result.Ok)
            {
                Unexpected++;
            }

            LastEnd = end;
        }
    }
}
