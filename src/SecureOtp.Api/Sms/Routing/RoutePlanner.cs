using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// The route plan of one text: the configured route for its country, reordered by the demotions in force there. A route
/// of one provider needs no store read; a store outage gives the configured order (learning is an optimisation, never a
/// reason to refuse a send).
/// </summary>
internal sealed class RoutePlanner(SmsRoutes routes, RouteLearning learning, ILogger<RoutePlanner> logger)
{
    /// <param name="country">The destination's calling-code label (<c>Destination.CountryLabel</c>: "44", or "unknown").</param>
    public async Task<RoutePlan> PlanAsync(string country, CancellationToken cancellationToken)
    {
        var route = routes.RouteFor(country);
        var configured = routes.ConfiguredFor(country);
        if (configured.Count < 2)
        {
            return new RoutePlan(country, route, configured, configured);
        }

        try
        {
            var demoted = await learning.DemotedAsync(country, cancellationToken);
            return new RoutePlan(country, route, configured, RoutePlan.Reorder(configured, demoted));
        }
        catch (StoreUnavailableException e)
        {
            Log.RouteLearningUnavailable(logger, e.GetType().Name);
            return new RoutePlan(country, route, configured, configured);
        }
    }
}
