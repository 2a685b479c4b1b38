using System.Text.RegularExpressions;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// The <c>Sms:Routes:*</c> and <c>Sms:Routing:*</c> checks of <see cref="SmsOptionsValidator"/>: every failure names the
/// key at fault, so a typo in a route stops the service at start-up instead of failing sends to one country later.
/// </summary>
internal static partial class SmsRoutesValidator
{
    public const string DefaultRoute = "Default";

    public static void ValidateRoutes(SmsOptions options, List<string> failures)
    {
        if (string.Equals(options.Provider, SmsOptions.OutboxProvider, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Sms:Provider=Outbox cannot be combined with Sms:Routes: remove the routes to keep texts in the outbox.");
        }

        if (!options.Routes.ContainsKey(DefaultRoute))
        {
            failures.Add("Sms:Routes:Default:0 is required once any route is set: it carries every country without a route of its own.");
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (route, providers) in options.Routes)
        {
            if (!route.Equals(DefaultRoute, StringComparison.OrdinalIgnoreCase) && !CallingCodePattern().IsMatch(route))
            {
                failures.Add($"Sms:Routes:{route} must be 'Default' or a country calling code of 1-3 digits (such as 44 or 91).");
            }

            ValidateRoute(route, providers, named, failures);
        }

        if (named.Contains(ProviderNames.Vonage))
        {
            SmsOptionsValidator.ValidateVonage(options.Vonage, "a route names vonage", failures);
        }

        if (named.Contains(ProviderNames.Twilio) && !options.Twilio.IsConfigured)
        {
            failures.Add("A route names twilio but Sms:Twilio is not configured (Sms:Twilio:AccountSid, Sms:Twilio:AuthToken, Sms:Twilio:From...).");
        }
    }

    private static void ValidateRoute(string route, List<string> providers, HashSet<string> named, List<string> failures)
    {
        if (providers.Count == 0)
        {
            failures.Add($"Sms:Routes:{route} must name at least one provider (Sms:Routes:{route}:0).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i].Trim().ToLowerInvariant();
            if (!ProviderNames.Routable.Contains(provider))
            {
                failures.Add($"Sms:Routes:{route}:{i} must be one of {string.Join(", ", ProviderNames.Routable)}.");
            }
            else if (!seen.Add(provider))
            {
                failures.Add($"Sms:Routes:{route}:{i} names {provider} a second time in the same route.");
            }
            else
            {
                named.Add(provider);
            }
        }
    }

    public static void ValidateRouting(RoutingOptions routing, List<string> failures)
    {
        if (routing.Window < TimeSpan.FromMinutes(1) || routing.Window > TimeSpan.FromHours(24))
        {
            failures.Add("Sms:Routing:Window must be between 1 minute and 24 hours.");
        }

        if (routing.MinSample is < 1 or > 100_000)
        {
            failures.Add("Sms:Routing:MinSample must be between 1 and 100000.");
        }

        if (routing.DemoteBelow is <= 0 or > 1)
        {
            failures.Add("Sms:Routing:DemoteBelow must be in (0, 1].");
        }

        if (routing.DemotionPeriod < TimeSpan.FromMinutes(1) || routing.DemotionPeriod > TimeSpan.FromHours(24))
        {
            failures.Add("Sms:Routing:DemotionPeriod must be between 1 minute and 24 hours.");
        }
    }

    [GeneratedRegex(@"^[1-9][0-9]{0,2}\z")]
    private static partial Regex CallingCodePattern();
}
