using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Routing;

namespace SecureOtp.Api.Storage;

/// <summary>The in-process <see cref="IRouteHealthStore"/> (Development, one replica): the rules of the route_*.lua scripts under one lock.</summary>
internal sealed class InMemoryRouteHealthStore(IOptions<SmsOptions> options) : IRouteHealthStore
{
    private readonly Lock gate = new();
    private readonly RouteWindow window = RouteWindow.Of(options.Value.Routing.Window);
    private readonly Dictionary<(string Country, string Provider), Dictionary<long, (int Delivered, int Failed)>> counts = [];
    private readonly Dictionary<(string Country, string Provider), DateTimeOffset> demotions = [];

    public Task<IReadOnlyDictionary<string, ProviderFigures>> RecordAsync(
        string country, string provider, bool delivered, IReadOnlyList<string> providers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var nowIndex = window.IndexAt(now);
            if (!counts.TryGetValue((country, provider), out var buckets))
            {
                counts[(country, provider)] = buckets = [];
            }

            foreach (var stale in buckets.Keys.Where(b => !RouteWindow.IsLive(b, nowIndex)).ToList())
            {
                buckets.Remove(stale);
            }

            var (d, f) = buckets.GetValueOrDefault(nowIndex);
            buckets[nowIndex] = delivered ? (d + 1, f) : (d, f + 1);
            return Task.FromResult<IReadOnlyDictionary<string, ProviderFigures>>(Figures(country, providers, nowIndex));
        }
    }

    public Task<IReadOnlyDictionary<string, ProviderFigures>> ReadAsync(
        string country, IReadOnlyList<string> providers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, ProviderFigures>>(Figures(country, providers, window.IndexAt(now)));
        }
    }

    public Task<IReadOnlyDictionary<string, DateTimeOffset>> DemotionsAsync(string country, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(
                demotions.Where(d => d.Key.Country == country).ToDictionary(d => d.Key.Provider, d => d.Value, StringComparer.Ordinal));
        }
    }

    public Task<bool> DemoteAsync(string country, string provider, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (demotions.TryGetValue((country, provider), out var current) && current > now)
            {
                return Task.FromResult(false);
            }

            demotions[(country, provider)] = until;
            counts.Remove((country, provider));
            return Task.FromResult(true);
        }
    }

    public Task<bool> RestoreAsync(string country, string provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(demotions.TryGetValue((country, provider), out var until) && until <= now
                && demotions.Remove((country, provider)));
        }
    }

    public Task<IReadOnlyList<string>> CountriesAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. counts.Keys.Concat(demotions.Keys).Select(k => k.Country).Distinct()]);
        }
    }

    private Dictionary<string, ProviderFigures> Figures(string country, IReadOnlyList<string> providers, long nowIndex) =>
        providers.Distinct().ToDictionary(p => p, p =>
        {
            var live = counts.GetValueOrDefault((country, p))?.Where(b => RouteWindow.IsLive(b.Key, nowIndex)).Select(b => b.Value).ToList() ?? [];
            return new ProviderFigures(live.Sum(b => b.Delivered), live.Sum(b => b.Failed),
                demotions.TryGetValue((country, p), out var until) ? until : null);
        }, StringComparer.Ordinal);
}
