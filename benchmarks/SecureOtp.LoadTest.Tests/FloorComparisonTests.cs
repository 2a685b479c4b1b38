namespace SecureOtp.LoadTest.Tests;

public class FloorComparisonTests
{
    [Test]
    public void Throughput_ratio_is_the_median_over_rounds_and_p99_the_ratio_of_the_pooled_p99s()
    {
        var comparison = FloorComparison.Of([0.9, 0.5, 0.7], serviceP99Ms: 30, floorP99Ms: 20)!;

        Assert.Multiple(() =>
        {
            Assert.That(comparison.ThroughputRatio, Is.EqualTo(0.7));
            Assert.That(comparison.ThroughputRange, Is.EqualTo("0.500–0.900"));
            Assert.That(comparison.P99Ratio, Is.EqualTo(1.5));
        });
    }

    [Test]
    public void An_even_number_of_rounds_takes_the_mean_of_the_middle_two() =>
        Assert.That(FloorComparison.Of([0.6, 1.0, 0.8, 0.4], 10, 10)!.ThroughputRatio, Is.EqualTo(0.7));

    [TestCase(0.8, 1.5, "met")]
    [TestCase(0.79, 1.5, "missed (ops/s)")]
    [TestCase(0.8, 1.51, "missed (p99)")]
    [TestCase(0.5, 3.0, "missed (ops/s, p99)")]
    public void The_targets_are_at_least_0_8_times_the_throughput_and_at_most_1_5_times_the_p99(double throughput, double p99, string verdict) =>
        Assert.That(new FloorComparison(throughput, "", p99).Verdict, Is.EqualTo(verdict));

    [Test]
    public void A_floor_slice_that_did_nothing_gives_a_zero_ratio_not_a_division_by_zero() =>
        Assert.That(FloorComparison.RoundRatio(1000, 0), Is.Zero);

    [Test]
    public void Without_rounds_or_a_floor_p99_there_is_no_comparison()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FloorComparison.Of([], 10, 10), Is.Null);
            Assert.That(FloorComparison.Of([1.0], 10, 0), Is.Null);
        });
    }
}
