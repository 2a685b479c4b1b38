namespace SecureOtp.Api.Otp;

/// <summary>Removes what the start-up warm-up (Hosting) wrote to the store: its own verifications, its users' failed-verify
/// logs and its own client's limit logs. Nothing else is ever named here: every key is derived from the warm-up's own
/// tenant and client.</summary>
internal interface IWarmUpTraces
{
    /// <param name="users">The warm-up's users (each one user+purpose slot): their record and failed-verify log go.</param>
    /// <param name="limitKeys">The warm-up client's own limit logs (its send and verify budgets), as <c>LimitCheck.Key</c> names them.</param>
    Task RemoveAsync(IReadOnlyCollection<VerificationSlot> users, IReadOnlyCollection<string> limitKeys, CancellationToken cancellationToken);
}
