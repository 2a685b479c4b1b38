using System.Collections.Frozen;

namespace SecureOtp.Api.Errors;

/// <summary>
/// How one outcome of an endpoint names itself, once: the HTTP status, the problem (slug and title) when it is an error,
/// the <c>outcome</c> label of its request counter and span, and the word of the audit line (null: not audited).
/// </summary>
internal sealed record OutcomeInfo(int Status, string Label, ProblemKind? Problem, string? Audit)
{
    public static OutcomeInfo Success(int status, string label, string? audit = null) => new(status, label, null, audit);

    public static OutcomeInfo Refusal(ProblemKind problem, string label, string? audit = null) => new(problem.Status, label, problem, audit);

    public static OutcomeInfo Refusal(int status, string type, string title, string label, string? audit = null) =>
        Refusal(new ProblemKind(status, type, title), label, audit);

    /// <summary>The problem to answer; asking a success for one is a bug in the caller's switch.</summary>
    public ProblemKind RequiredProblem => Problem ?? throw new InvalidOperationException($"Outcome '{Label}' is not a problem.");
}

/// <summary>
/// Every outcome of one endpoint, keyed by its kind. The endpoint's switch, its telemetry, its audit line and its
/// OpenAPI responses all read this table, so none of them can name an outcome differently or forget one.
/// </summary>
internal sealed class OutcomeTable<TKind>
    where TKind : struct, Enum
{
    private readonly FrozenDictionary<TKind, OutcomeInfo> rows;

    /// <exception cref="InvalidOperationException">A kind has no row: refused when the type loads, not on first use.</exception>
    public OutcomeTable(IReadOnlyDictionary<TKind, OutcomeInfo> rows)
    {
        var missing = Enum.GetValues<TKind>().Where(kind => !rows.ContainsKey(kind)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The {typeof(TKind).Name} table has no row for {string.Join(", ", missing)}.");
        }

        this.rows = rows.ToFrozenDictionary();
    }

    public OutcomeInfo this[TKind kind] => rows[kind];

    public IEnumerable<OutcomeInfo> Rows => rows.Values;
}
