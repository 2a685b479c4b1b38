namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// When a provider moves last in a country's route: at least <c>MinSample</c> texts settled there within the window,
/// fewer than <c>DemoteBelow</c> of them delivered, and another provider of the route, not demoted itself, doing better —
/// on its own sample of at least <c>MinSample</c>, or with no sample yet. A provider that is alone, or whose every
/// alternative is demoted or no better, keeps its place: moving it would not help.
/// </summary>
internal static class DemotionPolicy
{
    public static IEnumerable<string> ToDemote(
        IReadOnlyList<string> route, IReadOnlyDictionary<string, ProviderFigures> figures, RoutingOptions options, DateTimeOffset now)
    {
        ProviderFigures Of(string provider) => figures.GetValueOrDefault(provider) ?? ProviderFigures.None;

        foreach (var provider in route)
        {
            var own = Of(provider);
            if (own.IsDemoted(now) || own.Settled < options.MinSample || own.DeliveredShare >= options.DemoteBelow)
            {
                continue;
            }

            var betterElsewhere = route.Any(other => other != provider && !Of(other).IsDemoted(now)
                && (Of(other).Settled == 0 || (Of(other).Settled >= options.MinSample && Of(other).DeliveredShare > own.DeliveredShare)));
            if (betterElsewhere)
            {
                yield return provider;
            }
        }
    }
}
