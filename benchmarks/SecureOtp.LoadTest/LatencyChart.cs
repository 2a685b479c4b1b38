using System.Globalization;
using System.Text;

namespace SecureOtp.LoadTest;

/// <summary>A latency-percentile chart (percentile on a "nines" axis, latency in ms on a log axis) as a standalone SVG.</summary>
internal static class LatencyChart
{
    /// <summary>
    /// One colour per series, never shared: black for the baseline, then dark/light pairs of one hue, so a scenario (dark)
    /// and its floor series (light, dashed) drawn right after it read as a pair. 19 colours cover the baseline and every
    /// scenario on the service and the floor; <see cref="ColourOf"/> goes on with generated hues past the end.
    /// </summary>
    internal static readonly IReadOnlyList<string> Palette = Distinct([
        "#000000",
        "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
        "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#17becf", "#9edae5", "#bcbd22", "#dbdb8d",
    ]);

    /// <summary>The i-th series' colour: the palette, then hues a golden angle apart (distinct from it and each other).</summary>
    internal static string ColourOf(int i) => i < Palette.Count
        ? Palette[i]
        : string.Create(CultureInfo.InvariantCulture, $"hsl({(i - Palette.Count) * 137.508 % 360:0.##},70%,{((i - Palette.Count) % 2 == 0 ? 35 : 60)}%)");

    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        const int width = 720, height = 420, left = 70, right = 230, top = 30, bottom = 50;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var all = results.SelectMany(r => r.PercentileCurveMs.Values).Where(v => v > 0).DefaultIfEmpty(1).ToArray();
        var minLog = Math.Floor(Math.Log10(all.Min()));
        var maxLog = Math.Ceiling(Math.Log10(all.Max()));
        if (maxLog <= minLog)
        {
            maxLog = minLog + 1;
        }

        double X(double p) => left + (plotW * Math.Min(Nines(p), 4.5) / 4.5);
        double Y(double ms) => top + (plotH * (1 - ((Math.Log10(Math.Max(ms, Math.Pow(10, minLog))) - minLog) / (maxLog - minLog))));
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        s.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"18\" font-size=\"14\">SecureOtp latency by percentile (ms, log scale)</text>");
        for (var e = minLog; e <= maxLog; e++)
        {
            var y = Y(Math.Pow(10, e));
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#ddd\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture)}</text>");
        }

        foreach (var (p, label) in new[] { (0.5, "p50"), (0.9, "p90"), (0.99, "p99"), (0.999, "p99.9"), (0.9999, "p99.99") })
        {
            var x = X(p);
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{top}\" y2=\"{top + plotH}\" stroke=\"#eee\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{top + plotH + 18}\" text-anchor=\"middle\">{label}</text>");
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (plotW / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\">percentile (max plotted at the right edge)</text>");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var colour = ColourOf(i);
            // The floor's series are dashed as well, so they stay apart from the service's in print.
            var dash = r.Scenario.EndsWith("(floor)", StringComparison.Ordinal) ? " stroke-dasharray=\"6 3\"" : "";
            var points = string.Join(" ", r.PercentileCurveMs.Select(kv =>
                $"{N(X(double.Parse(kv.Key, CultureInfo.InvariantCulture)))},{N(Y(kv.Value))}"));
            s.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} points=\"{points}\"/>");
            var ly = top + 10 + (i * 18);
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{width - right + 15}\" x2=\"{width - right + 35}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right + 40}\" y=\"{ly + 4}\">{System.Security.SecurityElement.Escape(r.Scenario)}</text>");
        }

        s.Append("</svg>");
        return s.ToString();
    }

    /// <summary>0.5 → 0.3, 0.9 → 1, 0.99 → 2, 0.999 → 3; 1.0 (max) → the right edge.</summary>
    private static double Nines(double p) => p >= 1 ? 4.5 : -Math.Log10(1 - p);

    /// <summary>Fails at first use if the palette ever repeats a colour (the chart's rule: one colour per series).</summary>
    private static string[] Distinct(string[] colours) =>
        colours.Distinct(StringComparer.OrdinalIgnoreCase).Count() == colours.Length
            ? colours
            : throw new InvalidOperationException("LatencyChart.Palette repeats a colour: every series must have its own.");
}
