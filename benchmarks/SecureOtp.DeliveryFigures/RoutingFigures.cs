using System.Globalization;
using System.Text;

namespace SecureOtp.DeliveryFigures;

/// <summary>One stretch of the run between two changes of France's order: who was first, and how texts fared.</summary>
internal sealed record PhaseFigures(
    string Phase, string Order, double FromSeconds, double ToSeconds, CountryPhase Failing, CountryPhase Healthy);

/// <param name="Delivered">Texts sent in the phase whose receipt said delivered.</param>
/// <param name="Unsettled">Texts with no final receipt 30 s after the run (none expected).</param>
internal sealed record CountryPhase(int Sends, int ViaVonage, int ViaTwilio, int Delivered, int Unsettled)
{
    public double DeliveredShare => Sends == 0 ? 0 : (double)Delivered / Sends;

    public static CountryPhase Of(IEnumerable<RoutedSend> sends)
    {
        var list = sends.ToList();
        return new CountryPhase(list.Count, list.Count(s => s.Provider == "vonage"), list.Count(s => s.Provider == "twilio"),
            list.Count(s => s.Status == "delivered"), list.Count(s => s.Status == "submitted"));
    }
}

/// <param name="FirstDemotionSeconds">When France's order first put twilio first (s from the first send); null if never.</param>
internal sealed record DemotionFigures(double Seconds, double IntervalSeconds, double? FirstDemotionSeconds, PhaseFigures[] Phases)
{
    public static DemotionFigures From(IReadOnlyList<RoutedSend> sends, IReadOnlyList<(double Seconds, string Order)> orders, TimeSpan duration, TimeSpan interval)
    {
        var phases = new List<PhaseFigures>();
        for (var i = 0; i < orders.Count; i++)
        {
            var from = i == 0 ? 0 : orders[i].Seconds;
            var to = i + 1 < orders.Count ? orders[i + 1].Seconds : double.MaxValue;
            var within = sends.Where(s => s.At >= from && s.At < to).ToList();
            var label = i == 0 ? "before demotion" : i % 2 == 1 ? $"vonage demoted ({(i + 1) / 2})" : $"vonage restored ({i / 2})";
            phases.Add(new PhaseFigures(label, orders[i].Order, Math.Round(from, 1), Math.Round(Math.Min(to, duration.TotalSeconds), 1),
                CountryPhase.Of(within.Where(s => s.Country == DemotionRun.Failing)), CountryPhase.Of(within.Where(s => s.Country == DemotionRun.Healthy))));
        }

        var demoted = orders.Skip(1).Select(o => (double?)o.Seconds).FirstOrDefault();
        return new DemotionFigures(duration.TotalSeconds, interval.TotalSeconds, demoted is { } d ? Math.Round(d, 1) : null, [.. phases]);
    }
}

/// <summary>Both parts of the routing run, as JSON (results.json) and as the tables of results.md.</summary>
internal sealed record RoutingFigures(string Machine, DemotionFigures? Demotion, IReadOnlyList<CostFigures> Costs)
{
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}");
        if (Demotion is { } d)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Route vonage, twilio; Vonage's receipts fail 9 in 10 texts to +33 and 1 in 33 to +44; one send to each country every {d.IntervalSeconds:0.###} s for {d.Seconds:0} s; Sms:Routing:Window and DemotionPeriod 1 min, MinSample 20, DemoteBelow 0.8. First demotion of vonage in +33 at {d.FirstDemotionSeconds?.ToString("0.0", CultureInfo.InvariantCulture) ?? "never"} s.");
            md.AppendLine();
            md.AppendLine("| phase | +33 order | from–to (s) | +33 sends | +33 via vonage / twilio | +33 delivered | +44 sends | +44 via vonage / twilio | +44 delivered |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|");
            // A change of order in the last poll of the run has no sends after it: no row.
            foreach (var p in d.Phases.Where(p => p.Failing.Sends + p.Healthy.Sends > 0))
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {p.Phase} | {p.Order} | {p.FromSeconds:0.0}–{p.ToSeconds:0.0} | {p.Failing.Sends} | {p.Failing.ViaVonage} / {p.Failing.ViaTwilio} | {p.Failing.DeliveredShare:P1} | {p.Healthy.Sends} | {p.Healthy.ViaVonage} / {p.Healthy.ViaTwilio} | {p.Healthy.DeliveredShare:P1} |");
            }

            var unsettled = d.Phases.Sum(p => p.Failing.Unsettled + p.Healthy.Unsettled);
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Texts still without a final receipt 30 s after the run: {unsettled}.");
        }

        if (Costs.Count > 0)
        {
            var a = Costs[0];
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Failover cost on the route vonage, twilio: {a.Sends} measured sends per case, {FailoverCost.Concurrency} at a time, after warm-up; service CPU from /proc/<pid>/stat, redis-server CPU from INFO; Redis round trips counted with MONITOR over 100 more sends (a script is one round trip; the commands scripts call are counted apart).");
            md.AppendLine();
            md.AppendLine("| case | service CPU µs/send | × (a) | Redis round trips/send | × (a) | commands in scripts/send | redis-server CPU µs/send | Vonage requests/send | Twilio requests/send | wall p50 / p95 ms |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var c in Costs)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| ({c.Case}) {c.Description} | {c.ServiceCpuMicros:0} | {c.ServiceCpuMicros / a.ServiceCpuMicros:0.00} | {c.RedisRoundTrips:0.00} | {c.RedisRoundTrips / a.RedisRoundTrips:0.00} | {c.RedisCallsInScripts:0.0} | {c.RedisCpuMicros:0} | {c.VonageRequests:0.00} | {c.TwilioRequests:0.00} | {c.LatencyP50Ms:0.0} / {c.LatencyP95Ms:0.0} |");
            }

            md.AppendLine();
            md.AppendLine("Redis round trips per send by command:");
            md.AppendLine();
            foreach (var c in Costs)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"- ({c.Case}) {string.Join(", ", c.RoundTripsByCommand.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:0.##}"))}");
            }
        }

        return md.ToString();
    }
}
