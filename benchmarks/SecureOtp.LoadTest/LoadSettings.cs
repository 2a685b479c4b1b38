namespace SecureOtp.LoadTest;

internal sealed record LoadSettings(
    Uri Url,
    Uri? ProviderUrl,
    string ApiKey,
    IReadOnlyList<string> Scenarios,
    int Connections,
    TimeSpan Duration,
    TimeSpan Warmup,
    double Rate,
    int MaxAttempts,
    int Pool,
    int Rounds,
    DirectoryInfo? Output)
{
    /// <summary>Hard cap on operations per worker per scenario, so no loop can run away even if the clock misbehaves.</summary>
    public const long MaxOperationsPerWorker = 5_000_000;

    public bool OpenLoop => Rate > 0;
}
