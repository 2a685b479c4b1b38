using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Routing;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// <see cref="IRouteHealthStore"/> on Redis, shared by every replica. A country's keys (each provider's bucketed counts,
/// its demotions) share the hash tag <c>{rt:&lt;cc&gt;}</c>, so one script counts a text and reads the figures of the whole
/// route in one round trip. Keys: at most one counts hash per (provider, country) and one demotions hash per country,
/// each expiring on its own, plus one set of country labels.
/// </summary>
internal sealed class RedisRouteHealthStore(RedisCalls redis, IOptions<RedisOptions> redisOptions, IOptions<SmsOptions> smsOptions)
    : IRouteHealthStore
{
    /// <summary>How long a demotion is remembered past its end, for a replica to report its restoration.</summary>
    private static readonly TimeSpan DemotionMemory = TimeSpan.FromDays(1);

    private readonly RedisKeys keys = new(redisOptions.Value.KeyPrefix);
    private readonly RouteWindow window = RouteWindow.Of(smsOptions.Value.Routing.Window);

    public Task<IReadOnlyDictionary<string, ProviderFigures>> RecordAsync(
        string country, string provider, bool delivered, IReadOnlyList<string> providers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var listed = providers.Contains(provider) ? providers.Distinct().ToList() : [.. providers.Distinct(), provider];
        return FiguresAsync(country, listed, listed.IndexOf(provider) + 1, delivered, now, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, ProviderFigures>> ReadAsync(
        string country, IReadOnlyList<string> providers, DateTimeOffset now, CancellationToken cancellationToken) =>
        FiguresAsync(country, [.. providers.Distinct()], 0, false, now, cancellationToken);

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> DemotionsAsync(string country, CancellationToken cancellationToken)
    {
        var entries = await redis.RunAsync("route_demotions", db => db.HashGetAllAsync(keys.RouteDemotions(country)), cancellationToken);
        return entries.ToDictionary(e => (string)e.Name!, e => DateTimeOffset.FromUnixTimeMilliseconds((long)e.Value), StringComparer.Ordinal);
    }

    public async Task<bool> DemoteAsync(string country, string provider, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var memory = (long)(until - now + DemotionMemory).TotalMilliseconds;
        var reply = await redis.RunAsync("route_demote", db => db.EvaluateAsync(LuaScripts.RouteDemote,
            [keys.RouteDemotions(country), keys.RouteCounts(country, provider)],
            [provider, until.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), memory]), cancellationToken);
        return (int)reply == 1;
    }

    public async Task<bool> RestoreAsync(string country, string provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reply = await redis.RunAsync("route_restore", db => db.EvaluateAsync(LuaScripts.RouteRestore,
            [keys.RouteDemotions(country)], [provider, now.ToUnixTimeMilliseconds()]), cancellationToken);
        return (int)reply == 1;
    }

    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken cancellationToken)
    {
        var members = await redis.RunAsync("route_countries", db => db.SetMembersAsync(keys.RouteCountries), cancellationToken);
        return [.. members.Select(m => (string)m!)];
    }

    private async Task<IReadOnlyDictionary<string, ProviderFigures>> FiguresAsync(
        string country, List<string> providers, int countIn, bool delivered, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RedisKey[] scriptKeys = [keys.RouteDemotions(country), .. providers.Select(p => keys.RouteCounts(country, p))];
        RedisValue[] args = [countIn, delivered ? "d" : "f", window.IndexAt(now), RouteWindow.Buckets, (long)window.Retention.TotalMilliseconds];
        var reply = (RedisResult[])(await redis.RunAsync("route_figures", async db =>
        {
            var figures = db.EvaluateAsync(LuaScripts.RouteFigures, scriptKeys, args);
            if (countIn > 0)
            {
                // Another slot in a cluster, so not in the script: the list GET /ops/routes walks, refreshed as texts settle.
                _ = db.SetAddAsync(keys.RouteCountries, country, CommandFlags.FireAndForget);
                _ = db.KeyExpireAsync(keys.RouteCountries, DemotionMemory, CommandFlags.FireAndForget);
            }

            return await figures;
        }, cancellationToken))!;

        var demotions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var j = providers.Count * 2; j + 1 < reply.Length; j += 2)
        {
            demotions[(string)reply[j]!] = DateTimeOffset.FromUnixTimeMilliseconds((long)reply[j + 1]);
        }

        return providers.Select((p, i) => (p, i)).ToDictionary(
            x => x.p,
            x => new ProviderFigures((int)reply[2 * x.i], (int)reply[(2 * x.i) + 1], demotions.TryGetValue(x.p, out var until) ? until : null),
            StringComparer.Ordinal);
    }
}
