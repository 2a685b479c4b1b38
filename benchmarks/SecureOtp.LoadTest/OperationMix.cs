using System.Globalization;

namespace SecureOtp.LoadTest;

/// <summary>
/// The weights of the <c>mixed</c> scenario ("verify-wrong=6,verify-right=2,send=2") and the order they come in: a
/// smooth weighted round-robin over one cycle of sum(weights) slots, so kinds interleave (W R W S W …) instead of
/// arriving in runs, and every run with the same weights issues the same sequence. No randomness is needed.
/// </summary>
internal sealed class OperationMix
{
    /// <summary>Kinds a mix may hold: single-request ops only (flow is three requests and clears the fake's texts).</summary>
    public static readonly IReadOnlyList<string> Kinds = ["baseline", "verify-wrong", "verify-right", "send"];

    private const int MaxTotalWeight = 1000;

    private OperationMix(IReadOnlyList<(string Kind, int Weight)> weights, int[] cycle)
    {
        Weights = weights;
        Cycle = cycle;
    }

    public IReadOnlyList<(string Kind, int Weight)> Weights { get; }

    /// <summary>Index into <see cref="Weights"/> for each slot of one cycle; op n uses slot n mod the cycle's length.</summary>
    public IReadOnlyList<int> Cycle { get; }

    public static OperationMix Parse(string text)
    {
        var weights = new List<(string Kind, int Weight)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !Kinds.Contains(pair[0]) || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new ArgumentException($"--mix: '{part}' is not kind=weight with kind one of {string.Join(", ", Kinds)} and a whole weight");
            }

            if (weights.Any(w => w.Kind == pair[0]))
            {
                throw new ArgumentException($"--mix: '{pair[0]}' appears twice");
            }

            if (weight > 0)
            {
                weights.Add((pair[0], weight));
            }
        }

        var total = weights.Sum(w => w.Weight);
        if (total is < 1 or > MaxTotalWeight)
        {
            throw new ArgumentException($"--mix: the weights must add up to between 1 and {MaxTotalWeight} (got {total})");
        }

        return new OperationMix(weights, SmoothCycle(weights.Select(w => w.Weight).ToArray(), total));
    }

    public override string ToString() => string.Join(",", Weights.Select(w => $"{w.Kind}={w.Weight}"));

    /// <summary>One cycle as letters (B baseline, W verify-wrong, R verify-right, S send), e.g. "WRWSWWRWSW", for the notes.</summary>
    public string CycleLetters() => string.Concat(Cycle.Select(i => Letter(Weights[i].Kind)));

    private static char Letter(string kind) => kind switch
    {
        "verify-wrong" => 'W',
        "verify-right" => 'R',
        "send" => 'S',
        _ => 'B',
    };

    /// <summary>
    /// Each slot, every kind gains its weight and the kind with the most credit (first on a tie) is picked and pays the
    /// total back (nginx's smooth weighted round-robin). Over one cycle each kind gets exactly its weight in slots.
    /// </summary>
    private static int[] SmoothCycle(int[] weights, int total)
    {
        var credit = new int[weights.Length];
        var cycle = new int[total];
        for (var slot = 0; slot < total; slot++)
        {
            var pick = 0;
            for (var k = 0; k < weights.Length; k++)
            {
                credit[k] += weights[k];
                if (credit[k] > credit[pick])
                {
                    pick = k;
                }
            }

            credit[pick] -= total;
            cycle[slot] = pick;
        }

        return cycle;
    }
}
