using System.Globalization;
using System.Text;

namespace SecureOtp.DeliveryFigures;

/// <summary>One row per country (and per purpose) of what the dashboard's delivery panels show, from the run's metrics.</summary>
internal sealed record Figures(int Sends, double Seconds, CountryFigures[] Countries, PurposeFigures[] Purposes)
{
    /// <summary>secureotp.sms.delivery.latency's bucket bounds (seconds), as the service declares them.</summary>
    private static readonly string[] Statuses = ["delivered", "failed", "expired", "rejected", "unknown"];

    private static readonly double[] Buckets = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];

    public static Figures From(MeterTally tally, int sends, TimeSpan elapsed)
    {
        long Sum(string instrument, Func<string, bool> country, Func<string, bool> label) =>
            tally.Counts.Where(kv => kv.Key.Instrument == instrument && country(kv.Key.Country) && label(kv.Key.Label)).Sum(kv => kv.Value);

        var countries = Country.Run.Select(c =>
        {
            bool Here(string code) => code == c.Code;
            var statuses = Statuses.ToDictionary(s => s, s => Sum("secureotp.sms.delivery", Here, l => l == s));
            var settled = statuses.Values.Sum();
            var sent = Sum("secureotp.otp.sent", Here, _ => true);
            var approved = Sum("secureotp.otp.approved", Here, _ => true);
            var latencies = tally.Latencies.TryGetValue(c.Code, out var bag) ? bag.Order().ToArray() : [];
            return new CountryFigures(c.Code, sent, settled, statuses, Ratio(statuses["delivered"], settled),
                Quantile(latencies, 0.5), Quantile(latencies, 0.95), HistogramQuantile(latencies, 0.95), approved, Ratio(approved, sent));
        }).ToArray();

        var purposes = tally.Counts.Keys.Where(k => k.Instrument == "secureotp.otp.sent").Select(k => k.Label).Distinct().Order().Select(p =>
        {
            var sent = Sum("secureotp.otp.sent", _ => true, l => l == p);
            var approved = Sum("secureotp.otp.approved", _ => true, l => l == p);
            return new PurposeFigures(p, sent, approved, Ratio(approved, sent));
        }).ToArray();
        return new Figures(sends, Math.Round(elapsed.TotalSeconds, 1), countries, purposes);
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Sends} sends in {Seconds} s; receipts signed sha256hmac by the fake provider, per-country failure shares and delays (benchmarks/SecureOtp.DeliveryFigures/Country.cs).");
        md.AppendLine();
        md.AppendLine("| country | sent | settled | delivered | failed | expired | rejected | delivery rate | receipt p50 | receipt p95 | p95 as the panel computes it | approved | conversion |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in Countries)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| +{c.Country} | {c.Sent} | {c.Settled} | {c.ByStatus["delivered"]} | {c.ByStatus["failed"]} | {c.ByStatus["expired"]} | {c.ByStatus["rejected"]} | {c.DeliveryRate:P1} | {c.LatencyP50:F2} s | {c.LatencyP95:F2} s | {c.PanelLatencyP95:F2} s | {c.Approved} | {c.Conversion:P1} |");
        }

        md.AppendLine();
        md.AppendLine("| purpose | sent | approved | conversion |");
        md.AppendLine("|---|---|---|---|");
        foreach (var p in Purposes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Purpose} | {p.Sent} | {p.Approved} | {p.Conversion:P1} |");
        }

        return md.ToString();
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>Prometheus's histogram_quantile over the instrument's buckets: linear within the bucket that holds the rank.</summary>
    private static double HistogramQuantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = q * sorted.Length;
        var lower = 0.0;
        long below = 0;
        foreach (var upper in Buckets)
        {
            var inBucket = sorted.LongCount(v => v > lower && v <= upper);
            if (below + inBucket >= rank)
            {
                return lower + ((upper - lower) * (rank - below) / inBucket);
            }

            below += inBucket;
            lower = upper;
        }

        return lower;
    }
}

internal sealed record CountryFigures(
    string Country, long Sent, long Settled, Dictionary<string, long> ByStatus, double DeliveryRate, double LatencyP50, double LatencyP95,
    double PanelLatencyP95, long Approved, double Conversion);

internal sealed record PurposeFigures(string Purpose, long Sent, long Approved, double Conversion);
