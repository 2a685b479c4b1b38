namespace SecureOtp.LoadTest;

/// <summary>Scenario names on the command line → scenario objects.</summary>
internal static class ScenarioCatalog
{
    public static readonly IReadOnlyList<string> Names = ["baseline", "verify-unknown", "verify-wrong", "verify-right", "send", "flow", "mixed"];

    /// <exception cref="ArgumentException">An unknown name or a malformed --mix.</exception>
    public static Scenario Create(string name, LoadContext context, LoadSettings settings) =>
        name == "mixed"
            ? new MixedScenario(context, OperationMix.Parse(settings.Mix), (kind, share) => Single(kind, context, PoolFor(kind, share, settings)))
            : Single(name, context, name == "verify-right" ? settings.RightPool : settings.Pool);

    /// <summary>
    /// In a mix, a kind's pool is --pool (--right-pool for verify-right) times its share of the ops (at least 100), so the default 6/2/2 mix prepares about
    /// as many verifications as one verify-wrong scenario, not three times as many.
    /// </summary>
    private static int PoolFor(string kind, double share, LoadSettings settings) => kind switch
    {
        "verify-wrong" => Math.Max(100, (int)(settings.Pool * share)),
        "verify-right" => Math.Max(100, (int)(settings.RightPool * share)),
        _ => 0,
    };

    private static Scenario Single(string name, LoadContext context, int pool) => name switch
    {
        "baseline" => new BaselineScenario(context),
        "verify-unknown" => new VerifyUnknownScenario(context),
        "verify-wrong" => new VerifyWrongScenario(context, pool),
        "verify-right" => new VerifyRightScenario(context, pool),
        "send" => new SendScenario(context),
        "flow" => new FlowScenario(context),
        _ => throw new ArgumentException($"unknown scenario '{name}' ({string.Join(", ", Names)})"),
    };
}
