using System.Globalization;

namespace SecureOtp.LoadTest;

/// <summary>
/// The service against the floor (benchmarks/SecureOtp.Floor, the least an OTP service does per request), measured in the
/// same rounds: throughput is the median over rounds of service ÷ floor ops/s (each round's two slices run back to back,
/// so the machine's background load hits both alike); p99 is the service's pooled p99 ÷ the floor's pooled p99.
/// </summary>
internal sealed record FloorComparison(double ThroughputRatio, string ThroughputRange, double P99Ratio)
{
    /// <summary>Issue 14's targets: at least 0.8 × the floor's throughput, a p99 at most 1.5 × the floor's.</summary>
    public const double MinThroughputRatio = 0.8;

    public const double MaxP99Ratio = 1.5;

    public bool ThroughputMet => ThroughputRatio >= MinThroughputRatio;

    public bool P99Met => P99Ratio <= MaxP99Ratio;

    /// <summary>"met", or "missed" naming which target.</summary>
    public string Verdict => (ThroughputMet, P99Met) switch
    {
        (true, true) => "met",
        (false, false) => "missed (ops/s, p99)",
        (false, true) => "missed (ops/s)",
        _ => "missed (p99)",
    };

    /// <summary>Null when either side has no figures (no round, or a floor that answered nothing).</summary>
    public static FloorComparison? Of(IReadOnlyList<double> roundRatios, double serviceP99Ms, double floorP99Ms)
    {
        if (roundRatios.Count == 0 || floorP99Ms <= 0)
        {
            return null;
        }

        var range = string.Create(CultureInfo.InvariantCulture, $"{roundRatios.Min():0.000}–{roundRatios.Max():0.000}");
        return new(Math.Round(Median(roundRatios), 3), range, Math.Round(serviceP99Ms / floorP99Ms, 3));
    }

    /// <summary>One round's throughput ratio; 0 when the floor slice did nothing (shows as a missed target, not a crash).</summary>
    public static double RoundRatio(double serviceThroughput, double floorThroughput) =>
        floorThroughput > 0 ? serviceThroughput / floorThroughput : 0;

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
