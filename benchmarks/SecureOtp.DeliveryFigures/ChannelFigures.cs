using System.Globalization;
using System.Text;

namespace SecureOtp.DeliveryFigures;

/// <summary>The channel figures: per phase (the send's channels) and country, how many codes reached their users and how many were verified.</summary>
internal sealed record ChannelFigures(string Machine, ChannelPhaseFigures[] Phases)
{
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}. Texts to +{ChannelPhase.Failing} fail 4 in 5 (receipt `failed`), to +{ChannelPhase.Healthy} 1 in 33; 1 call in 10 goes unanswered; 9 users in 10 who get the code type it in.");
        md.AppendLine();
        md.AppendLine("| channels | country | sends | texts delivered | texts failed | sends called | sends called twice | calls completed | completed calls reading the texted code | code reached the user | approved | conversion | events refused |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var phase in Phases)
        {
            foreach (var c in phase.Countries)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {string.Join(", ", phase.Channels)} | +{c.Country} | {c.Sends} | {c.TextsDelivered} ({Share(c.TextsDelivered, c.Sends)}) | {c.TextsFailed} | {c.SendsCalled} | {c.SendsCalledTwice} | {c.CallsCompleted} | {c.SameCode} of {c.CallsCompleted} | {c.Reached} ({Share(c.Reached, c.Sends)}) | {c.Approved} | {Share(c.Approved, c.Sends)} | {c.EventsRefused} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Phase durations: " + string.Join(", ", Phases.Select(p => $"[{string.Join(", ", p.Channels)}] {p.Seconds} s")) + ".");
        return md.ToString();
    }

    private static string Share(long part, long whole) => whole == 0 ? "–" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
}

internal sealed record ChannelPhaseFigures(string[] Channels, double Seconds, ChannelCountryFigures[] Countries)
{
    public static ChannelPhaseFigures From(string[] channels, IReadOnlyList<ChannelSend> sends, TimeSpan elapsed) =>
        new(channels, Math.Round(elapsed.TotalSeconds, 1), [.. sends.GroupBy(s => s.Country).Select(g =>
        {
            var calls = g.Where(s => s.Calls > 0).ToList();
            return new ChannelCountryFigures(g.Key, g.Count(), g.Count(s => s.SmsDelivered), g.Count(s => s.SmsFails), calls.Count,
                calls.Count(s => s.Calls > 1), calls.Count(s => s.CallCompleted), g.Count(s => s.SmsDelivered || s.CallCompleted),
                g.Count(s => s.Approved), calls.Count(s => s.SameCode), g.Sum(s => s.EventsRefused));
        })]);
}

/// <param name="SendsCalled">Sends the fake accepted a voice call for (within 15 s of the failed text).</param>
/// <param name="SendsCalledTwice">Sends with more than one call: a fallback taken twice.</param>
/// <param name="SameCode">Completed calls whose spoken code was the one the failed text carried.</param>
internal sealed record ChannelCountryFigures(
    string Country, int Sends, int TextsDelivered, int TextsFailed, int SendsCalled, int SendsCalledTwice, int CallsCompleted, int Reached,
    int Approved, int SameCode, int EventsRefused);
