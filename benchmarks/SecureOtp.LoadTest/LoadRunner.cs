using System.Globalization;
using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace SecureOtp.LoadTest;

/// <summary>Runs the rounds (or the soak), aggregates the slices and writes the results.</summary>
internal static class LoadRunner
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static readonly double[] Curve = [0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1.0];

    public static async Task<int> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.Url.IsLoopback || settings.ProviderUrl is { IsLoopback: false } || settings.FloorUrl is { IsLoopback: false })
        {
            await Console.Error.WriteLineAsync("Load goes to loopback only: --url, --provider-url and --floor-url must be 127.0.0.1, [::1] or localhost.");
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

        using var service = NewClient(settings.Url, settings.Connections);
        using var provider = settings.ProviderUrl is null ? null : NewClient(settings.ProviderUrl, settings.Connections);
        var headroom = settings.SliceLength + TimeSpan.FromSeconds(5);
        var context = new LoadContext(service, provider, settings.ApiKey, settings.MaxAttempts, settings.OtpTtl) { SliceHeadroom = headroom };
        using var floor = settings.FloorUrl is null || settings.SoakPid is not null ? null : NewClient(settings.FloorUrl, settings.Connections);
        var floorContext = floor is null ? null : new LoadContext(floor, provider, settings.ApiKey, settings.MaxAttempts, settings.OtpTtl) { SliceHeadroom = headroom };
        List<Scenario> scenarios;
        Dictionary<Scenario, Scenario> floors;
        try
        {
            var names = settings.Scenarios.Where(s => s != "baseline").Distinct().ToList();
            scenarios = [.. names.Select(name => ScenarioCatalog.Create(name, context, settings))];
            floors = floorContext is null ? [] : scenarios.Zip(names).ToDictionary(p => p.First, p => ScenarioCatalog.Create(p.Second, floorContext, settings));
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (provider is null && scenarios.FirstOrDefault(s => s.NeedsProvider) is { } needy)
        {
            await Console.Error.WriteLineAsync($"{needy.Name} reads texts from the fake Vonage server: it needs --provider-url.");
            return 2;
        }

        if (settings.SoakPid is { } pid && (scenarios.Count > 1 || !SoakSampler.CanRead(pid)))
        {
            await Console.Error.WriteLineAsync(scenarios.Count > 1
                ? "--soak-pid soaks one scenario: give --scenarios just one."
                : $"--soak-pid {pid}: /proc/{pid}/status cannot be read (no such process, or not Linux).");
            return 2;
        }

        var started = TimeProvider.System.GetUtcNow().ToString("u", CultureInfo.InvariantCulture);
        var report = settings.SoakPid is { } soakPid
            ? await SoakAsync(scenarios.FirstOrDefault() ?? new BaselineScenario(context), soakPid, settings with { Rounds = 1 }, started, cancellationToken)
            : await RoundsAsync(scenarios, floors, new BaselineScenario(context), settings, started, cancellationToken);
        ReportWriter.PrintTable(report);
        if (settings.Output is { } folder)
        {
            folder.Create();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "results.json"), JsonSerializer.Serialize(report, JsonOptions), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "results.md"), ReportWriter.Markdown(report), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "latency.svg"), LatencyChart.Render(report.Scenarios), cancellationToken);
            if (report.Soak is { } soak)
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "rss.svg"), RssChart.Render(soak, report.Scenarios[0].Scenario), cancellationToken);
            }

            AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(folder.FullName)}/results.json, results.md, latency.svg{(report.Soak is null ? "" : ", rss.svg")}[/]");
        }

        return report.Scenarios.Sum(r => r.UnexpectedOutcomes) == 0 ? 0 : 1;
    }

    /// <summary>
    /// The machine is shared and its background load changes within a run. So the run goes in rounds, and in each round
    /// every scenario gets its own baseline slice measured just before it (same connections); a scenario's ratio is the
    /// median over rounds of (scenario ops/s ÷ the adjacent baseline's ops/s). With a floor, the same scenario runs against
    /// it right beside the service's slice (the two swap order every round, so neither always gets the warmer machine),
    /// and the service's row gains its ratios to the floor (see <see cref="FloorComparison"/>).
    /// </summary>
    private static async Task<RunReport> RoundsAsync(
        List<Scenario> scenarios, Dictionary<Scenario, Scenario> floors, BaselineScenario baseline, LoadSettings settings, string started,
        CancellationToken cancellationToken)
    {
        var baselineSlices = new List<Slice>();
        var slices = scenarios.ToDictionary(s => s, _ => new List<Slice>());
        var ratios = scenarios.ToDictionary(s => s, _ => new List<double>());
        var floorSlices = scenarios.ToDictionary(s => s, _ => new List<Slice>());
        var floorRatios = scenarios.ToDictionary(s => s, _ => new List<double>());
        var floorBaselineRatios = scenarios.ToDictionary(s => s, _ => new List<double>());
        var loads = new List<string>();
        var cpu = CpuAccounting.Parse(settings.CpuPids);
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var tag = $"round {round}/{settings.Rounds}";
            if (scenarios.Count == 0)
            {
                baselineSlices.Add(await cpu.MeasureAsync(baseline.Name, () => MeasureAsync($"{tag} baseline", baseline, settings, null, cancellationToken)));
            }

            foreach (var scenario in scenarios)
            {
                var floor = floors.GetValueOrDefault(scenario);
                AnsiConsole.MarkupLine($"[grey]{tag}: baseline, then {Markup.Escape(scenario.Name)}{(floor is null ? "" : " on the service and on the floor")} ({settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s measured each)…[/]");
                var before = LoadAverage();
                var baselineSlice = await cpu.MeasureAsync(baseline.Name, () => MeasureAsync($"{tag} baseline", baseline, settings, null, cancellationToken));
                baselineSlices.Add(baselineSlice);

                Slice? floorSlice = null;
                if (floor is not null && round % 2 == 0)
                {
                    floorSlice = await FloorSliceAsync(floor, FloorName(scenario), tag, cpu, settings, cancellationToken);
                }

                // Untimed: fill or top up pools, clear the fake's texts.
                await scenario.PrepareAsync(settings.Connections, cancellationToken);
                var slice = await cpu.MeasureAsync(scenario.Name, () => MeasureAsync($"{tag} {scenario.Name}", scenario, settings, null, cancellationToken));
                slices[scenario].Add(slice);
                ratios[scenario].Add(baselineSlice.Throughput > 0 ? slice.Throughput / baselineSlice.Throughput : 0);
                loads.Add(before);

                if (floor is not null)
                {
                    floorSlice ??= await FloorSliceAsync(floor, FloorName(scenario), tag, cpu, settings, cancellationToken);
                    floorSlices[scenario].Add(floorSlice);
                    floorBaselineRatios[scenario].Add(baselineSlice.Throughput > 0 ? floorSlice.Throughput / baselineSlice.Throughput : 0);
                    floorRatios[scenario].Add(FloorComparison.RoundRatio(slice.Throughput, floorSlice.Throughput));
                }
            }
        }

        var results = new List<ScenarioResult> { Aggregate(baseline, settings, baselineSlices, null) };
        foreach (var scenario in scenarios)
        {
            var result = Aggregate(scenario, settings, slices[scenario], ratios[scenario]);
            if (floors.TryGetValue(scenario, out var floor))
            {
                var floorResult = Aggregate(floor, settings, floorSlices[scenario], floorBaselineRatios[scenario]) with { Scenario = FloorName(scenario) };
                results.Add(result with { Floor = FloorComparison.Of(floorRatios[scenario], result.P99Ms, floorResult.P99Ms) });
                results.Add(floorResult);
            }
            else
            {
                results.Add(result);
            }
        }

        if (loads.Count > 0)
        {
            results[0] = results[0] with { Notes = $"1-minute load average at the start of each baseline+scenario pair: {string.Join(", ", loads)}" };
        }

        results = [.. results.Select(r => cpu.PerOperation(r.Scenario) is { Length: > 0 } perOp
            ? r with { Notes = r.Notes.Length > 0 ? $"{perOp}; {r.Notes}" : perOp }
            : r)];

        return NewReport(settings, started, results);
    }

    /// <summary>A scenario's row against the floor: "verify-wrong (floor)".</summary>
    internal static string FloorName(Scenario scenario) => $"{scenario.Name} (floor)";

    private static async Task<Slice> FloorSliceAsync(
        Scenario floor, string name, string tag, CpuAccounting cpu, LoadSettings settings, CancellationToken cancellationToken)
    {
        await floor.PrepareAsync(settings.Connections, cancellationToken);
        return await cpu.MeasureAsync(name, () => MeasureAsync($"{tag} {name}", floor, settings, null, cancellationToken));
    }

    /// <summary>
    /// One long slice of one scenario while the service's RSS is sampled. No baseline slice: it would take as long again and
    /// a soak is about memory over time, not the ratio.
    /// </summary>
    private static async Task<RunReport> SoakAsync(Scenario scenario, int pid, LoadSettings settings, string started, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine($"[grey]soak: {Markup.Escape(scenario.Name)} for {settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s, RSS of pid {pid} every {settings.SoakSample.TotalSeconds:0.#} s (preparing…)[/]");
        await scenario.PrepareAsync(settings.Connections, cancellationToken);
        var sampler = new SoakSampler(pid, settings);
        var measuring = MeasureAsync($"soak {scenario.Name}", scenario, settings, () => sampler.Latest, cancellationToken);
        var soak = await sampler.RunAsync(measuring);
        var slice = await measuring;
        var result = Aggregate(scenario, settings, [slice], null);
        var load = $"1-minute load average at the end: {LoadAverage()}";
        result = result with { Notes = result.Notes.Length > 0 ? $"{result.Notes}; {load}" : load };
        return NewReport(settings, started, [result]) with { Soak = soak };
    }

    private static RunReport NewReport(LoadSettings settings, string started, List<ScenarioResult> results) =>
        new(started, $"{Environment.ProcessorCount} logical cores, load generator on the same machine, .NET {Environment.Version}",
            settings.Url.ToString(), settings.Rounds, settings.Duration.TotalSeconds, settings.Warmup.TotalSeconds, results);

    private static Task<Slice> MeasureAsync(string label, Scenario scenario, LoadSettings settings, Func<string>? extra, CancellationToken cancellationToken) =>
        SliceProgress.TrackAsync(label, settings, counter => SliceMeter.MeasureAsync(scenario, settings, counter, cancellationToken), extra, cancellationToken);

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

    private static ScenarioResult Aggregate(Scenario scenario, LoadSettings settings, List<Slice> slices, List<double>? ratios)
    {
        var latencies = Latency.Merge(slices.Select(s => s.Latencies));
        var seconds = slices.Sum(s => s.Seconds);
        var throughput = seconds > 0 ? latencies.TotalCount / seconds : 0;
        var statuses = StatusNames(slices.SelectMany(s => s.Statuses));
        double? ratio = ratios is { Count: > 0 } ? Math.Round(FloorComparison.Median(ratios), 3) : null;
        var range = ratios is { Count: > 0 } ? $"{ratios.Min().ToString("0.000", CultureInfo.InvariantCulture)}–{ratios.Max().ToString("0.000", CultureInfo.InvariantCulture)}" : "";
        var kinds = SliceMeter.Merge(slices.Select(s => s.Kinds));
        return new ScenarioResult(scenario.Name, scenario.Operation, settings.OpenLoop ? "open" : "closed", settings.Connections, settings.Rate,
            Math.Round(seconds, 3), latencies.TotalCount, Math.Round(throughput, 1), ratio, range, slices.Count,
            latencies.MeanMs(), latencies.PercentileMs(0.5), latencies.PercentileMs(0.9),
            latencies.PercentileMs(0.99), latencies.PercentileMs(0.999), latencies.PercentileMs(1.0),
            slices.Sum(s => s.Unexpected), statuses,
            Curve.ToDictionary(p => p.ToString("0.####", CultureInfo.InvariantCulture), latencies.PercentileMs), scenario.Notes)
        {
            Kinds = kinds.Count == 0 ? null : kinds.ToDictionary(k => k.Key, k => KindResultOf(k.Value), StringComparer.Ordinal),
        };
    }

    private static KindResult KindResultOf(KindStats stats) =>
        new(stats.Latencies.TotalCount, StatusNames(stats.Statuses), stats.Unexpected,
            stats.Latencies.PercentileMs(0.5), stats.Latencies.PercentileMs(0.99), stats.Latencies.PercentileMs(1.0));

    private static Dictionary<string, long> StatusNames(IEnumerable<KeyValuePair<int, long>> counts) =>
        counts.GroupBy(kv => kv.Key).ToDictionary(g => g.Key == 0 ? "no-answer" : g.Key.ToString(CultureInfo.InvariantCulture), g => g.Sum(kv => kv.Value));
}
