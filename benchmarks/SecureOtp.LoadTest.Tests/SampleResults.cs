namespace SecureOtp.LoadTest.Tests;

/// <summary>A scenario row with made-up figures: what the report and chart tests draw and print.</summary>
internal static class SampleResults
{
    public static ScenarioResult Named(string name) =>
        new(name, "op", "closed", 64, 0, 5, 100, 20, null, "", 1, 1, 1, 2, 3, 4, 5, 0,
            new Dictionary<string, long>(), new Dictionary<string, double> { ["0.5"] = 1, ["0.99"] = 3, ["1"] = 5 }, "");
}
