namespace SecureOtp.LoadTest.Tests;

public class ReportWriterTests
{
    [Test]
    public void With_a_floor_the_table_states_the_targets_and_marks_each_service_row()
    {
        var markdown = ReportWriter.Markdown(Report(
            SampleResults.Named("baseline"),
            SampleResults.Named("send") with { Floor = new FloorComparison(0.59, "0.470–0.720", 0.76) },
            SampleResults.Named("send (floor)")));

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("× floor ops/s (target ≥ 0.8)").And.Contain("× floor p99 (target ≤ 1.5)"));
            Assert.That(markdown, Does.Contain("| 0.590 | 0.470–0.720 | 0.760 | missed (ops/s) |"));
        });
    }

    [Test]
    public void Without_a_floor_the_table_has_no_floor_columns() =>
        Assert.That(ReportWriter.Markdown(Report(SampleResults.Named("baseline"), SampleResults.Named("send"))), Does.Not.Contain("floor"));

    private static RunReport Report(params ScenarioResult[] results) => new("2026-12-02 00:00:00Z", "test", "http://127.0.0.1:1/", 1, 5, 1, results);
}
