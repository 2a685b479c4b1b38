using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// The routes as configured: for each country calling code, the provider names in the order they are tried. With no
/// <c>Sms:Routes</c> set, <c>Sms:Provider</c> (vonage, or the Development outbox) is the one-provider default route.
/// </summary>
internal sealed class SmsRoutes
{
    /// <summary>The route key and label of the default route.</summary>
    public const string Default = "default";

    private readonly Dictionary<string, IReadOnlyList<string>> routes = new(StringComparer.Ordinal);

    public SmsRoutes(IOptions<SmsOptions> options)
    {
        var sms = options.Value;
        foreach (var (key, providers) in sms.Routes)
        {
            routes[key.ToLowerInvariant()] = [.. providers.Select(p => p.Trim().ToLowerInvariant())];
        }

        if (routes.Count == 0)
        {
            routes[Default] = [sms.Provider.ToLowerInvariant()];
        }
    }

    /// <summary>Every route: "default" first, then the countries' in calling-code order.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> All =>
        routes.OrderBy(r => r.Key == Default ? "" : r.Key.PadLeft(3, '0'), StringComparer.Ordinal);

    /// <summary>The route key that applies to a calling code: its own route, else "default".</summary>
    public string RouteFor(string callingCode) => routes.ContainsKey(callingCode) && callingCode != Default ? callingCode : Default;

    /// <summary>The configured order for a calling code (a label such as "44", or "unknown").</summary>
    public IReadOnlyList<string> ConfiguredFor(string callingCode) => routes[RouteFor(callingCode)];

    /// <summary>Every provider some route names.</summary>
    public IReadOnlySet<string> Providers => routes.Values.SelectMany(p => p).ToHashSet(StringComparer.Ordinal);
}
