using System.Globalization;
using System.Text;

namespace SecureOtp.LoadTest;

/// <summary>The soak's service RSS over time (seconds since the slice started, MB on a linear axis) as a standalone SVG.</summary>
internal static class RssChart
{
    public static string Render(SoakReport soak, string scenario)
    {
        const int width = 720, height = 380, left = 70, right = 30, top = 40, bottom = 50;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var maxSeconds = Math.Max(1, soak.Samples.Select(s => s.AtSeconds).DefaultIfEmpty(1).Max());
        // Zoomed to the samples (from 80 % of the lowest): a leak of a few MB must show as a slope, not a flat line near the top.
        var lowest = soak.Samples.Select(p => p.RssKb / 1024.0).DefaultIfEmpty(0).Min();
        var highest = Math.Max(1, soak.MaxRssMb);
        var step = NiceStep(((highest * 1.05) - (lowest * 0.8)) / 5);
        var minMb = Math.Floor(lowest * 0.8 / step) * step;
        var maxMb = Math.Max(minMb + step, Math.Ceiling(highest * 1.05 / step) * step);

        double X(double seconds) => left + (plotW * seconds / maxSeconds);
        double Y(double mb) => top + (plotH * (1 - ((mb - minMb) / (maxMb - minMb))));
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        s.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        s.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{left}\" y=\"18\" font-size=\"14\">SecureOtp service RSS during the {System.Security.SecurityElement.Escape(scenario)} soak (MB{(minMb > 0 ? "; the axis does not start at 0" : "")})</text>");
        s.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{left}\" y=\"33\" fill=\"#555\">after warm-up {N(soak.FirstRssMb)} MB, last {N(soak.LastRssMb)} MB, max {N(soak.MaxRssMb)} MB, growth {soak.GrowthPercent:0.##} %</text>");
        for (var mb = minMb; mb <= maxMb + (step / 2); mb += step)
        {
            var y = Y(mb);
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#ddd\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{N(mb)}</text>");
        }

        var xStep = NiceStep(maxSeconds / 6);
        for (var t = 0.0; t <= maxSeconds * 1.0001; t += xStep)
        {
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(t))}\" y=\"{top + plotH + 18}\" text-anchor=\"middle\">{N(t)}</text>");
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (plotW / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\">seconds since the slice started</text>");
        if (soak.WarmupSeconds > 0 && soak.WarmupSeconds < maxSeconds)
        {
            var x = N(X(soak.WarmupSeconds));
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" x2=\"{x}\" y1=\"{top}\" y2=\"{top + plotH}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{top + 12}\" fill=\"#777\"> end of warm-up</text>");
        }

        var points = string.Join(" ", soak.Samples.Select(p => $"{N(X(p.AtSeconds))},{N(Y(p.RssKb / 1024.0))}"));
        s.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{points}\"/>");
        foreach (var p in soak.Samples)
        {
            s.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(p.AtSeconds))}\" cy=\"{N(Y(p.RssKb / 1024.0))}\" r=\"2.5\" fill=\"#1f77b4\"/>");
        }

        s.Append("</svg>");
        return s.ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>: tick spacing a reader can add up.</summary>
    private static double NiceStep(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1e-9))));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(m => m >= rough);
    }
}
