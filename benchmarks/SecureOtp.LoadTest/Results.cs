namespace SecureOtp.LoadTest;

internal sealed record ScenarioResult(
    string Scenario,
    string Operation,
    string Mode,
    int Connections,
    double TargetRate,
    double MeasuredSeconds,
    long Operations,
    double Throughput,
    double? RatioToBaseline,
    string RatioRange,
    int Rounds,
    double MeanMs,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    long UnexpectedOutcomes,
    IReadOnlyDictionary<string, long> StatusCounts,
    IReadOnlyDictionary<string, double> PercentileCurveMs,
    string Notes)
{
    /// <summary>The service's row when the floor ran beside it: its ratios to the floor's row (null otherwise).</summary>
    public FloorComparison? Floor { get; init; }

    /// <summary>Mixed only: the same figures per kind of operation (null for single-kind scenarios).</summary>
    public IReadOnlyDictionary<string, KindResult>? Kinds { get; init; }
}

/// <summary>One kind's measured ops in a mixed scenario: count, statuses, unexpected answers and its own percentiles.</summary>
internal sealed record KindResult(long Operations, IReadOnlyDictionary<string, long> StatusCounts, long UnexpectedOutcomes, double P50Ms, double P99Ms, double MaxMs);

internal sealed record RunReport(
    string StartedAtUtc, string Machine, string Target, int Rounds, double SliceSeconds, double WarmupSeconds, IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>Set when the run was a soak (--soak-pid).</summary>
    public SoakReport? Soak { get; init; }
}
