namespace SecureOtp.Api.Sms;

/// <summary>
/// One provider tried for a text, as <c>GET /otp/{id}</c> shows it: the provider's route name, the outcome
/// (<c>sent</c>, <c>not_sent</c>, <c>unknown</c>, <c>number_refused</c>) and a bounded reason label
/// (<c>vonage_status_29</c>, <c>circuit_open</c>, …; <c>sent</c> when it took the text). Never a number or a text.
/// </summary>
internal sealed record ProviderAttempt(string Provider, string Outcome, string Reason)
{
    /// <summary>How the delivery record keeps a list of them: one attempt per line, fields space-separated (labels have
    /// neither spaces nor line breaks).</summary>
    public static string Join(IReadOnlyList<ProviderAttempt> attempts) =>
        string.Join('\n', attempts.Select(a => $"{a.Provider} {a.Outcome} {a.Reason}"));

    public static IReadOnlyList<ProviderAttempt> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? []
            : [.. stored.Split('\n').Select(line => line.Split(' ')).Where(f => f.Length == 3).Select(f => new ProviderAttempt(f[0], f[1], f[2]))];
}
