namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// The providers to try for one text, in order: the country's route (else the default one) with demoted providers moved
/// last. The failover loop walks <see cref="Providers"/>.
/// </summary>
/// <param name="Country">The destination's calling-code label ("44", or "unknown"): the key of route learning.</param>
/// <param name="Route">The route that applies: "default" or the calling code.</param>
/// <param name="Configured">The order as configured.</param>
/// <param name="Providers">The order to try now.</param>
internal sealed record RoutePlan(string Country, string Route, IReadOnlyList<string> Configured, IReadOnlyList<string> Providers)
{
    /// <summary>Moves each demoted provider last, keeping the configured order among the rest and among the demoted.</summary>
    public static IReadOnlyList<string> Reorder(IReadOnlyList<string> configured, IReadOnlySet<string> demoted) =>
        [.. configured.Where(p => !demoted.Contains(p)), .. configured.Where(demoted.Contains)];
}
