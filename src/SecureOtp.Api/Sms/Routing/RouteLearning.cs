using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// Routes that learn from receipts: each settled text counts for its (provider, country); a provider that
/// <see cref="DemotionPolicy"/> finds failing there moves last in that country's route for <c>Sms:Routing:DemotionPeriod</c>,
/// and is restored once that has run out. Best effort: a store outage leaves the routes as configured, never fails a
/// receipt or a send. Sends read the demotions through <see cref="DemotionCache"/> (at most one store read per country
/// and second on this replica); a demotion or restoration made here is seen by this replica's next send.
/// </summary>
internal sealed class RouteLearning(
    IRouteHealthStore store, SmsRoutes routes, IOptions<SmsOptions> options, TimeProvider time, ILogger<RouteLearning> logger)
{
    private readonly RoutingOptions routing = options.Value.Routing;
    private readonly DemotionCache demotions = new(time);

    /// <summary>A text sent by <paramref name="provider"/> to <paramref name="country"/> settled (delivered, or failed/expired/rejected).</summary>
    public async Task SettledAsync(string provider, string country, bool delivered, CancellationToken cancellationToken)
    {
        try
        {
            var route = routes.ConfiguredFor(country);
            var now = time.GetUtcNow();
            var figures = await store.RecordAsync(country, provider, delivered, route, now, cancellationToken);
            await RestoreExpiredAsync(country, figures.Where(f => f.Value.DemotedUntil is { } until && until <= now).Select(f => f.Key), now, cancellationToken);
            foreach (var worse in DemotionPolicy.ToDemote(route, figures, routing, now))
            {
                var until = now + routing.DemotionPeriod;
                var demoted = await store.DemoteAsync(country, worse, until, now, cancellationToken);
                demotions.Invalidate(country);
                if (demoted)
                {
                    var f = figures[worse];
                    Log.RouteDemoted(logger, worse, country, f.DeliveredShare ?? 0, f.Settled, routing.DemotionPeriod.TotalMinutes);
                    SecureOtpTelemetry.RouteDemotions.Add(1, SecureOtpTelemetry.Tag("provider", worse), SecureOtpTelemetry.Tag("country", country));
                }
            }
        }
        catch (StoreUnavailableException e)
        {
            Log.RouteLearningUnavailable(logger, e.GetType().Name);
        }
    }

    /// <summary>The providers demoted in a country now; demotions that have run out are restored on the way.</summary>
    public async Task<IReadOnlySet<string>> DemotedAsync(string country, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var inForce = await demotions.GetAsync(country, token => store.DemotionsAsync(country, token), cancellationToken);
        await RestoreExpiredAsync(country, inForce.Where(d => d.Value <= now).Select(d => d.Key), now, cancellationToken);
        return inForce.Where(d => d.Value > now).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
    }

    private async Task RestoreExpiredAsync(string country, IEnumerable<string> expired, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var provider in expired.ToList())
        {
            var restored = await store.RestoreAsync(country, provider, now, cancellationToken);
            // Dropped whoever restored it, so a cached expired demotion is not restored again on every send.
            demotions.Invalidate(country);
            if (restored)
            {
                Log.RouteRestored(logger, provider, country);
                SecureOtpTelemetry.RouteRestorations.Add(1, SecureOtpTelemetry.Tag("provider", provider), SecureOtpTelemetry.Tag("country", country));
            }
        }
    }
}
