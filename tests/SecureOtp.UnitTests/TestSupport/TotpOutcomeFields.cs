using SecureOtp.Api.Errors;
using SecureOtp.Api.Totp;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>What a <see cref="TotpOutcome{TKind, TBody}"/> carries, read as a test expects it: the wrong shape fails the test,
/// naming what it was.</summary>
internal static class TotpOutcomeFields
{
    public static TBody Body<TKind, TBody>(this TotpOutcome<TKind, TBody> outcome)
        where TKind : struct, Enum
        where TBody : class => As<TotpOutcome<TKind, TBody>.Success>(outcome).Body;

    public static int AttemptsRemaining<TKind, TBody>(this TotpOutcome<TKind, TBody> outcome)
        where TKind : struct, Enum
        where TBody : class => As<IIncorrectCode>(outcome).AttemptsRemaining;

    public static TimeSpan RetryAfter<TKind, TBody>(this TotpOutcome<TKind, TBody> outcome)
        where TKind : struct, Enum
        where TBody : class => As<IRetryLater>(outcome).RetryAfter;

    public static string Limit<TKind, TBody>(this TotpOutcome<TKind, TBody> outcome)
        where TKind : struct, Enum
        where TBody : class => As<IRateLimited>(outcome).Limit;

    private static T As<T>(object outcome) =>
        outcome is T expected ? expected : throw new AssertionException($"Expected a {typeof(T).Name}, got {outcome}.");
}
