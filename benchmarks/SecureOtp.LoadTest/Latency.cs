using System.Diagnostics;
using HdrHistogram;

namespace SecureOtp.LoadTest;

/// <summary>
/// Latencies in Stopwatch ticks, kept in HDR histograms: fixed memory per worker however long the run, merged across
/// workers, slices and rounds, and every percentile within 0.1 % of the exact one (3 significant digits).
/// </summary>
internal static class Latency
{
    private const int SignificantDigits = 3;

    /// <summary>
    /// An hour: far beyond the client's 10 s timeout plus any open-loop lag of a sane run. A longer latency is recorded
    /// as an hour rather than stopping the run.
    /// </summary>
    private static readonly long Highest = Stopwatch.Frequency * 3600;

    public static LongHistogram NewHistogram() => new(1, Highest, SignificantDigits);

    public static void Record(this HistogramBase histogram, long ticks) => histogram.RecordValue(Math.Clamp(ticks, 0, Highest));

    public static LongHistogram Merge(IEnumerable<HistogramBase> parts)
    {
        var merged = NewHistogram();
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        return merged;
    }

    /// <summary>The latency at or below which a share p (0–1; 1 = the max) of the recorded ones lie, in ms; 0 if none.</summary>
    public static double PercentileMs(this HistogramBase histogram, double p) =>
        histogram.TotalCount == 0 ? 0 : Ms(p >= 1 ? histogram.GetMaxValue() : histogram.GetValueAtPercentile(p * 100));

    public static double MeanMs(this HistogramBase histogram) =>
        histogram.TotalCount == 0 ? 0 : Math.Round(histogram.GetMean() * 1000.0 / Stopwatch.Frequency, 3);

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
}
