using System.Globalization;
using System.Text;
using Spectre.Console;

namespace SecureOtp.LoadTest;

/// <summary>The run's figures as the console table and as results.md.</summary>
internal static class ReportWriter
{
    private static readonly string[] LeadColumns = ["scenario", "ops/s", "x baseline (median)", "ratio range"];
    private static readonly string[] TailColumns = ["p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "statuses", "unexpected"];

    public static void PrintTable(RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("SecureOtp load (ratios are the figures to compare)");
        var floor = HasFloor(report);
        string[] floorColumns = floor ? [$"x floor ops/s (>= {FloorComparison.MinThroughputRatio})", $"x floor p99 (<= {FloorComparison.MaxP99Ratio})", "floor targets"] : [];
        foreach (var column in LeadColumns.Concat(floorColumns).Concat(TailColumns))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var r in report.Scenarios)
        {
            table.AddRow([.. new[] { Markup.Escape(r.Scenario), F(r.Throughput, "0"), Ratio(r), r.RatioRange }.Concat(floor ? FloorCells(r) : [])
                .Concat([F(r.P50Ms), F(r.P90Ms), F(r.P99Ms), F(r.P999Ms), F(r.MaxMs), Markup.Escape(Statuses(r.StatusCounts)), r.UnexpectedOutcomes.ToString(CultureInfo.InvariantCulture)])]);
        }

        AnsiConsole.Write(table);
        foreach (var r in report.Scenarios.Where(r => r.Kinds is not null))
        {
            AnsiConsole.MarkupLine(Markup.Escape($"{r.Scenario} per kind: {KindSummary(r)}"));
        }

        if (report.Soak is { } soak)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"soak: {SoakSummary(soak)}"));
        }
    }

    public static string Markdown(RunReport report)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Run started {report.StartedAtUtc} against {report.Target}; {report.Machine}.");
        var first = report.Scenarios[0];
        var mode = $"Mode: {first.Mode} loop, {first.Connections} connections{(first.TargetRate > 0 ? $", {first.TargetRate} arrivals/s" : "")}";
        s.AppendLine(report.Soak is null
            ? $"{mode}, {report.Rounds} rounds; in each, every scenario ran right after its own baseline slice ({report.SliceSeconds:0.#} s measured per slice after an excluded {report.WarmupSeconds:0.#} s warm-up). ops/s and percentiles pool all slices; the ratio is the median over rounds of scenario ÷ adjacent baseline."
            : $"{mode}; soak: one slice of {report.SliceSeconds:0.#} s measured after an excluded {report.WarmupSeconds:0.#} s warm-up, no baseline slice (so no ratio).");
        var floor = HasFloor(report);
        if (floor)
        {
            s.AppendLine();
            s.AppendLine("Each scenario also ran against the floor (benchmarks/SecureOtp.Floor: the least an OTP service does per request, same redis-server and fake provider) in the same rounds, its slice right beside the service's. " +
                $"× floor ops/s is the median over rounds of service ÷ floor (range beside it); × floor p99 is the service's p99 ÷ the floor's. Targets (issue 14): ops/s ≥ {FloorComparison.MinThroughputRatio} × the floor's, p99 ≤ {FloorComparison.MaxP99Ratio} × the floor's.");
        }

        s.AppendLine();
        s.AppendLine(floor
            ? $"| scenario | operation | ops/s | × baseline (median) | ratio range | × floor ops/s (target ≥ {FloorComparison.MinThroughputRatio}) | × floor range | × floor p99 (target ≤ {FloorComparison.MaxP99Ratio}) | floor targets | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | statuses | unexpected |"
            : "| scenario | operation | ops/s | × baseline (median) | ratio range | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | statuses | unexpected |");
        s.AppendLine(floor ? "|---|---|---:|---:|---|---:|---|---:|---|---:|---:|---:|---:|---:|---|---:|" : "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in report.Scenarios)
        {
            var floorCells = floor ? $" {r.Floor?.ThroughputRatio.ToString("0.000", CultureInfo.InvariantCulture)} | {r.Floor?.ThroughputRange} | {r.Floor?.P99Ratio.ToString("0.000", CultureInfo.InvariantCulture)} | {r.Floor?.Verdict} |" : "";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Operation} | {F(r.Throughput, "0")} | {Ratio(r)} | {r.RatioRange} |{floorCells} {F(r.P50Ms)} | {F(r.P90Ms)} | {F(r.P99Ms)} | {F(r.P999Ms)} | {F(r.MaxMs)} | {Statuses(r.StatusCounts)} | {r.UnexpectedOutcomes} |");
        }

        foreach (var r in report.Scenarios.Where(r => r.Notes.Length > 0 || r.Kinds is not null))
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"{r.Scenario}: {r.Notes}");
            if (r.Kinds is not null)
            {
                s.AppendLine();
                s.AppendLine(CultureInfo.InvariantCulture, $"{r.Scenario} per kind (measured ops; latency of that kind alone): {KindSummary(r)}");
            }
        }

        if (report.Soak is { } soak)
        {
            AppendSoak(s, soak);
        }

        return s.ToString();
    }

    private static void AppendSoak(StringBuilder s, SoakReport soak)
    {
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"### Soak: service RSS (pid {soak.Pid}, VmRSS from /proc every {soak.SampleSeconds:0.#} s; chart: rss.svg)");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"{SoakSummary(soak)}");
        s.AppendLine();
        s.AppendLine("| t s | phase | RSS MB | threads | CPU s (cumulative) | CPU % since previous |");
        s.AppendLine("|---:|---|---:|---:|---:|---:|");
        RssSample? previous = null;
        foreach (var sample in soak.Samples)
        {
            var cpu = previous is not null && sample.AtSeconds > previous.AtSeconds
                ? F(100 * (sample.CpuSeconds - previous.CpuSeconds) / (sample.AtSeconds - previous.AtSeconds), "0")
                : "";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {F(sample.AtSeconds, "0.#")} | {(sample.AfterWarmup ? "measured" : "warm-up")} | {F(sample.RssKb / 1024.0, "0.0")} | {sample.Threads} | {F(sample.CpuSeconds, "0.0")} | {cpu} |");
            previous = sample;
        }
    }

    private static string SoakSummary(SoakReport soak) =>
        string.Create(CultureInfo.InvariantCulture,
            $"RSS first after warm-up {soak.FirstRssMb:0.0} MB, last {soak.LastRssMb:0.0} MB, max {soak.MaxRssMb:0.0} MB, growth (last − first) / first = {soak.GrowthPercent:0.##} %, {soak.Samples.Count} samples")
        + (soak.Note.Length > 0 ? $" ({soak.Note})" : "");

    private static string KindSummary(ScenarioResult r) =>
        string.Join("; ", r.Kinds!.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
            string.Create(CultureInfo.InvariantCulture,
                $"{k.Key} {k.Value.Operations} ops ({100.0 * k.Value.Operations / Math.Max(1, r.Operations):0.#} %), {Statuses(k.Value.StatusCounts)}, unexpected {k.Value.UnexpectedOutcomes}, p50 {k.Value.P50Ms:0.00} / p99 {k.Value.P99Ms:0.00} / max {k.Value.MaxMs:0.00} ms")));

    private static bool HasFloor(RunReport report) => report.Scenarios.Any(r => r.Floor is not null);

    /// <summary>A service row's ratios to the floor and whether it meets the targets; empty cells on other rows.</summary>
    private static string[] FloorCells(ScenarioResult r) => r.Floor is { } f
        ? [F(f.ThroughputRatio, "0.000"), F(f.P99Ratio, "0.000"), f.Verdict]
        : ["", "", ""];

    /// <summary>The baseline is 1 by definition; a scenario without a baseline slice (a soak) has no ratio.</summary>
    private static string Ratio(ScenarioResult r) => r.RatioToBaseline is { } x ? F(x, "0.000") : r.Scenario == "baseline" ? "1" : "n/a";

    private static string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Statuses(IReadOnlyDictionary<string, long> counts) =>
        string.Join(" ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"));
}
