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

    /// <summary>The mixed scenario's weights, e.g. "verify-wrong=6,verify-right=2,send=2".</summary>
    public string Mix { get; init; } = "verify-wrong=6,verify-right=2,send=2";

    /// <summary>"service=pid,redis-server=pid,…": processes whose CPU time per operation is reported (see CpuAccounting).</summary>
    public string? CpuPids { get; init; }

    /// <summary>verify-right: verifications prepared per slice. Each is consumed by one op, so a closed-loop slice needs
    /// about (ops/s × slice seconds) of them, far more than verify-wrong, whose verifications take MaxAttempts ops each.</summary>
    public int RightPool { get; init; } = 50_000;

    /// <summary>The service's Otp:Ttl: pooled verifications are dropped unused before they get this old.</summary>
    public TimeSpan OtpTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The floor (benchmarks/SecureOtp.Floor): when set, every scenario also runs against it in each round.</summary>
    public Uri? FloorUrl { get; init; }

    /// <summary>Soak: the service's process id, whose RSS is sampled while the one scenario runs (null: no soak).</summary>
    public int? SoakPid { get; init; }

    public TimeSpan SoakSample { get; init; } = TimeSpan.FromSeconds(10);

    public bool OpenLoop => Rate > 0;

    /// <summary>The length of one slice as planned: warm-up plus the measured window.</summary>
    public TimeSpan SliceLength => Warmup + Duration;
}
