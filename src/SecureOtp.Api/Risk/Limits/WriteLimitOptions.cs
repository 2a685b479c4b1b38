using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// <c>Limits:*</c> for every request that writes to the store other than a send (which has its own limits in
/// <see cref="LimitOptions"/>): a per-client budget per endpoint, so one API key cannot fill Redis with idempotency
/// records, pending enrolments or failed-verify entries, and a per-tenant cap on authenticator enrolments, the only
/// records that live without a TTL. 0 turns a limit off. Bound to the same section as <see cref="LimitOptions"/>; kept
/// apart because it bounds storage, not SMS abuse.
/// </summary>
internal sealed class WriteLimitOptions
{
    /// <summary><c>POST /otp/verify</c>: twice the default send budget (<see cref="LimitOptions.SendsPerClientPerMinute"/>),
    /// since users mistype.</summary>
    public int VerifiesPerClientPerMinute { get; set; } = 1200;

    public int CancelsPerClientPerMinute { get; set; } = 600;

    public int TotpEnrolmentsPerClientPerMinute { get; set; } = 120;

    public int TotpConfirmsPerClientPerMinute { get; set; } = 240;

    public int TotpVerifiesPerClientPerMinute { get; set; } = 1200;

    public int TotpRecoveriesPerClientPerMinute { get; set; } = 60;

    public int TotpDeletesPerClientPerMinute { get; set; } = 120;

    /// <summary>Authenticator enrolments (active, and pending ones until they expire) one tenant may hold: an active one has
    /// no TTL (it is the user's credential), so this is what bounds them.</summary>
    public int MaxTotpEnrolmentsPerTenant { get; set; } = 100_000;
}

/// <summary>Refuses to start on a write limit out of range, naming the key.</summary>
internal sealed class WriteLimitOptionsValidator : IValidateOptions<WriteLimitOptions>
{
    private const int MaxPerMinute = 100_000;
    private const int MaxEnrolments = 100_000_000;

    public ValidateOptionsResult Validate(string? name, WriteLimitOptions o)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new (string, int)[]
                 {
                     ("VerifiesPerClientPerMinute", o.VerifiesPerClientPerMinute), ("CancelsPerClientPerMinute", o.CancelsPerClientPerMinute),
                     ("TotpEnrolmentsPerClientPerMinute", o.TotpEnrolmentsPerClientPerMinute),
                     ("TotpConfirmsPerClientPerMinute", o.TotpConfirmsPerClientPerMinute),
                     ("TotpVerifiesPerClientPerMinute", o.TotpVerifiesPerClientPerMinute),
                     ("TotpRecoveriesPerClientPerMinute", o.TotpRecoveriesPerClientPerMinute),
                     ("TotpDeletesPerClientPerMinute", o.TotpDeletesPerClientPerMinute),
                 })
        {
            if (value is < 0 or > MaxPerMinute)
            {
                failures.Add($"Limits:{key} must be between 0 (off) and {MaxPerMinute}.");
            }
        }

        if (o.MaxTotpEnrolmentsPerTenant is < 0 or > MaxEnrolments)
        {
            failures.Add($"Limits:MaxTotpEnrolmentsPerTenant must be between 0 (off) and {MaxEnrolments}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
