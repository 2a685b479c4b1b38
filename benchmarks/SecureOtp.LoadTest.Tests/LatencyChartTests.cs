using System.Text.RegularExpressions;

namespace SecureOtp.LoadTest.Tests;

public partial class LatencyChartTests
{
    [Test]
    public void The_palette_never_repeats_a_colour() =>
        Assert.That(LatencyChart.Palette, Is.Unique);

    [Test]
    public void Colours_stay_distinct_past_the_end_of_the_palette() =>
        Assert.That(Enumerable.Range(0, 100).Select(LatencyChart.ColourOf), Is.Unique);

    [Test]
    public void Every_scenario_and_floor_series_of_a_full_run_is_drawn_in_its_own_colour()
    {
        // The runner's order: the baseline, then each scenario followed by its floor row.
        List<string> names = [.. ScenarioCatalog.Names.Take(1), .. ScenarioCatalog.Names.Skip(1).SelectMany(n => new[] { n, $"{n} (floor)" })];

        var svg = LatencyChart.Render([.. names.Select(SampleResults.Named)]);

        var strokes = Polyline().Matches(svg).Select(m => m.Groups[1].Value).ToList();
        Assert.That(strokes, Has.Count.EqualTo(names.Count).And.Unique);
    }

    [Test]
    public void Floor_series_are_dashed_and_the_service_series_are_not()
    {
        var svg = LatencyChart.Render([SampleResults.Named("send"), SampleResults.Named("send (floor)")]);

        Assert.That(Regex.Count(svg, "<polyline[^>]*stroke-dasharray"), Is.EqualTo(1));
    }

    [GeneratedRegex("<polyline fill=\"none\" stroke=\"([^\"]+)\"")]
    private static partial Regex Polyline();
}
