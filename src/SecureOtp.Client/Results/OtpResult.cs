using System.Diagnostics.CodeAnalysis;

namespace SecureOtp.Client;

/// <summary>
/// The outcome of a call whose success carries no body (cancel, delete): either it succeeded or the service answered an
/// expected <see cref="OtpProblem"/>. Unexpected answers are thrown as <see cref="SecureOtpException"/> instead.
/// </summary>
public class OtpResult
{
    /// <summary>A success.</summary>
    public static readonly OtpResult Success = new(null);

    /// <summary>Creates a result; <paramref name="problem"/> null means success.</summary>
    protected OtpResult(OtpProblem? problem) => Problem = problem;

    /// <summary>What the service refused, or null on success.</summary>
    public OtpProblem? Problem { get; }

    /// <summary>True when the call did what it asked (then <see cref="Problem"/> is null).</summary>
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    /// <summary>A failed result carrying <paramref name="problem"/>.</summary>
    public static OtpResult Failed(OtpProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new OtpResult(problem);
    }
}

/// <summary>
/// The outcome of a call: either its <see cref="Value"/> or the expected <see cref="OtpResult.Problem"/> the service
/// answered (pattern-match it: <c>result.Problem switch { IncorrectCode c =&gt; …, Locked =&gt; …, … }</c>).
/// </summary>
/// <typeparam name="T">What a success carries.</typeparam>
public sealed class OtpResult<T> : OtpResult
    where T : class
{
    /// <summary>A successful result carrying <paramref name="value"/>.</summary>
    public OtpResult(T value)
        : base(null) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>A failed result carrying <paramref name="problem"/>.</summary>
    public OtpResult(OtpProblem problem)
        : base(problem ?? throw new ArgumentNullException(nameof(problem)))
    {
    }

    /// <summary>The answer on success, null otherwise.</summary>
    public T? Value { get; }

    /// <summary>What the service refused, or null on success.</summary>
    public new OtpProblem? Problem => base.Problem;

    /// <summary>True when the call succeeded: then <see cref="Value"/> is set and <see cref="OtpResult.Problem"/> null.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public new bool Succeeded => Value is not null;
}
