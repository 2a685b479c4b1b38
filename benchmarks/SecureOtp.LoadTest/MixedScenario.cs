namespace SecureOtp.LoadTest;

/// <summary>
/// A blend of single-request operations in a fixed ratio (--mix). The n-th operation of the slice, over all workers, takes
/// the kind in slot n of the mix's cycle, so the ratio holds exactly whatever the workers' speeds. Each kind keeps its own
/// pool; the runner records statuses and latency per kind (see <see cref="KindOf"/>) as well as pooled.
/// </summary>
internal sealed class MixedScenario : Scenario
{
    private readonly OperationMix mix;
    private readonly Scenario[] kinds;
    private int[] chosen = [];
    private long issued = -1;

    public MixedScenario(LoadContext context, OperationMix mix, Func<string, double, Scenario> create)
        : base(context)
    {
        this.mix = mix;
        var total = (double)mix.Weights.Sum(w => w.Weight);
        kinds = [.. mix.Weights.Select(w => create(w.Kind, w.Weight / total))];
    }

    public override string Name => "mixed";

    public override string Operation => $"one request, kind by weighted round-robin ({mix})";

    public override bool NeedsProvider => kinds.Any(k => k.NeedsProvider);

    public override string Notes =>
        $"mix {mix}, one cycle of kinds (W verify-wrong, R verify-right, S send, B baseline) {mix.CycleLetters()}; " +
        string.Join("; ", kinds.Where(k => k.Notes.Length > 0).Select(k => $"{k.Name}: {k.Notes}"));

    public override async Task PrepareAsync(int workers, CancellationToken cancellationToken)
    {
        chosen = new int[workers];
        foreach (var kind in kinds)
        {
            await kind.PrepareAsync(workers, cancellationToken);
        }
    }

    public override Task BeforeOperationAsync(int worker, CancellationToken cancellationToken)
    {
        var slot = (int)(Interlocked.Increment(ref issued) % mix.Cycle.Count);
        chosen[worker] = mix.Cycle[slot];
        return kinds[chosen[worker]].BeforeOperationAsync(worker, cancellationToken);
    }

    public override Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken) =>
        kinds[chosen[worker]].ExecuteAsync(worker, cancellationToken);

    public override string? KindOf(int worker) => kinds[chosen[worker]].Name;
}
