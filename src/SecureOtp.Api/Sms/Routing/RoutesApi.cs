using SecureOtp.Api.Security;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// <c>GET /ops/routes</c> (scope <c>otp:admin</c>): every configured route, and for every country with figures or a route
/// of its own, the configured and current order with the figures behind it. Calling codes and provider names only.
/// </summary>
internal static class RoutesApi
{
    public const string Path = "/ops/routes";

    public static void MapRoutesApi(this WebApplication app)
    {
        app.MapGet(Path, GetAsync)
            .RequireAuthorization(Scopes.Admin)
            .ExcludeFromDescription(); // an operator's endpoint, like /health and /dev/outbox: described in docs/api.md, not in the client contract
    }

    private static async Task<RoutesResponse> GetAsync(
        SmsRoutes routes, RouteLearning learning, IRouteHealthStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var countries = (await store.CountriesAsync(cancellationToken))
            .Concat(routes.All.Select(r => r.Key).Where(k => k != SmsRoutes.Default))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var views = new List<CountryRouteView>();
        foreach (var country in countries)
        {
            var configured = routes.ConfiguredFor(country);
            var demoted = await learning.DemotedAsync(country, cancellationToken);
            var figures = await store.ReadAsync(country, configured, time.GetUtcNow(), cancellationToken);
            views.Add(new CountryRouteView(country, routes.RouteFor(country), configured, RoutePlan.Reorder(configured, demoted),
                [.. configured.Select(p => ProviderFiguresView.Of(p, figures[p], demoted.Contains(p)))]));
        }

        return new RoutesResponse([.. routes.All.Select(r => new RouteView(r.Key, r.Value))], views);
    }
}

/// <param name="Routes">Each configured route ("default" and the calling codes with a route of their own).</param>
/// <param name="Countries">Each country with figures, demotions or a route of its own.</param>
internal sealed record RoutesResponse(IReadOnlyList<RouteView> Routes, IReadOnlyList<CountryRouteView> Countries);

internal sealed record RouteView(string Route, IReadOnlyList<string> Configured);

/// <param name="Route">The route that applies: "default" or the calling code.</param>
/// <param name="Current">The order sends try now (demoted providers last).</param>
internal sealed record CountryRouteView(
    string Country, string Route, IReadOnlyList<string> Configured, IReadOnlyList<string> Current, IReadOnlyList<ProviderFiguresView> Providers);

/// <param name="Settled">Texts settled within <c>Sms:Routing:Window</c> (delivered + failed).</param>
/// <param name="DeliveredShare">Delivered / settled; null with none settled.</param>
/// <param name="DemotedUntil">When its demotion in this country ends; null when not demoted.</param>
internal sealed record ProviderFiguresView(string Provider, int Settled, int Delivered, int Failed, double? DeliveredShare, DateTimeOffset? DemotedUntil)
{
    public static ProviderFiguresView Of(string provider, ProviderFigures f, bool demoted) =>
        new(provider, f.Settled, f.Delivered, f.Failed, f.DeliveredShare, demoted ? f.DemotedUntil : null);
}
