using System.Diagnostics;
using System.Net.Http.Json;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// What failover costs one send on the route vonage, twilio, as the service's CPU time and Redis round trips per send:
/// (a) Vonage healthy, (b) Vonage's circuit open, (c) Vonage answering 503, (d) Vonage refusing the connection. Each
/// case runs its own service process (its settings differ) against the same redis-server and fake providers, with no
/// receipt URLs (so nothing but the sends touches Redis while they are counted): warm-up sends, then
/// <see cref="Measured"/> sends, <see cref="Concurrency"/> at a time, between two readings of the CPU counters; then
/// <see cref="Monitored"/> more under <see cref="RedisMonitor"/> to count round trips.
/// </summary>
internal static class FailoverCost
{
    public const int Measured = 400;
    public const int Concurrency = 4;
    private const int WarmUp = 200;
    private const int Monitored = 100;

    /// <summary>One case: its label, the settings on top of the route's, and what to do to the fakes before it.</summary>
    private sealed record Case(string Name, string Description, Dictionary<string, string> Settings, Func<FakeProvider, HttpClient, Task> Prepare);

    public static async Task<IReadOnlyList<CostFigures>> RunAsync(string root, RedisServer redis, FakeProvider fake)
    {
        // The breaker never opens in (c) and (d): each send meets the failing provider, as the first sends of an outage do.
        var breakerNeverOpens = new Dictionary<string, string> { ["Sms:Resilience:BreakerMinimumThroughput"] = "1000000" };
        Case[] cases =
        [
            new("a", "Vonage healthy", [], (_, _) => Task.CompletedTask),
            new("b", "Vonage circuit open", new() { ["Sms:Resilience:BreakDuration"] = "00:30:00" }, OpenVonageBreakerAsync),
            new("c", "Vonage answers 503", breakerNeverOpens, (f, _) => f.VonageFaultAsync(new { kind = "http", httpStatus = 503 })),
            new("d", "Vonage connection refused",
                new(breakerNeverOpens) { ["Sms:Vonage:BaseUrl"] = $"http://127.0.0.1:{LoopbackPorts.Free()}/" }, (_, _) => Task.CompletedTask),
        ];

        var reading = RedisCounters.ReadingCost(redis);
        var results = new List<CostFigures>();
        foreach (var c in cases)
        {
            await fake.ClearVonageFaultsAsync();
            using var service = await ServiceProcess.StartAsync(root, new Dictionary<string, string>(RouteSettings(fake, redis, c.Name))
                .Concat(c.Settings).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));
            using var api = service.Client();
            await c.Prepare(fake, api);
            await SendAsync(api, WarmUp, service);

            var (vonageBefore, twilioBefore) = await fake.RequestsAsync();
            var redisBefore = RedisCounters.Read(redis);
            var cpuBefore = service.CpuSeconds();
            var latencies = await SendAsync(api, Measured, service);
            var cpu = service.CpuSeconds() - cpuBefore;
            var redisUsed = RedisCounters.Read(redis).Since(redisBefore, reading);
            var (vonageAfter, twilioAfter) = await fake.RequestsAsync();
            var (roundTrips, byCommand, inScripts) = await CountRoundTripsAsync(redis, api, service);

            results.Add(new CostFigures(c.Name, c.Description, Measured, cpu / Measured * 1e6, roundTrips, byCommand, inScripts,
                (double)redisUsed.Commands / Measured, redisUsed.CpuSeconds / Measured * 1e6,
                (double)(vonageAfter - vonageBefore) / Measured, (double)(twilioAfter - twilioBefore) / Measured,
                Quantile(latencies, 0.5), Quantile(latencies, 0.95)));
            Console.WriteLine($"  ({c.Name}) {c.Description}: {results[^1].ServiceCpuMicros:F0} µs service CPU, {results[^1].RedisRoundTrips:F2} Redis round trips per send");
        }

        await fake.ClearVonageFaultsAsync();
        return results;
    }

    /// <summary>Round trips per send over <see cref="Monitored"/> sends of their own, under MONITOR: by command, and the commands scripts call.</summary>
    private static async Task<(double RoundTrips, Dictionary<string, double> ByCommand, double InScripts)> CountRoundTripsAsync(
        RedisServer redis, HttpClient api, ServiceProcess service)
    {
        using var monitor = await RedisMonitor.StartAsync(redis);
        await SendAsync(api, Monitored, service);
        await Task.Delay(500); // the last lines of MONITOR's output
        return ((double)monitor.RoundTrips / Monitored,
            monitor.TopLevel.ToDictionary(kv => kv.Key, kv => Math.Round((double)kv.Value / Monitored, 2)), (double)monitor.InScripts / Monitored);
    }

    /// <summary>The route vonage, twilio for every country, both providers on the fakes, no receipt URLs; a key prefix of its own.</summary>
    public static Dictionary<string, string> RouteSettings(FakeProvider fake, RedisServer redis, string name) => new()
    {
        ["Redis:Configuration"] = redis.Configuration,
        ["Redis:KeyPrefix"] = "cost-" + name,
        ["Sms:Routes:Default:0"] = "vonage",
        ["Sms:Routes:Default:1"] = "twilio",
        ["Sms:Vonage:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Sms:Vonage:ApiKey"] = "fake-key",
        ["Sms:Vonage:ApiSecret"] = "fake-secret",
        ["Sms:Vonage:From"] = "SecureOtp",
        ["Sms:Twilio:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Sms:Twilio:AccountSid"] = FakeProvider.TwilioAccountSid,
        ["Sms:Twilio:AuthToken"] = FakeProvider.TwilioAuthToken,
        ["Sms:Twilio:From"] = "+15005550006",
    };

    /// <summary>Vonage answers 503 until its breaker opens (4 failed sends of the sampling window), then is healthy
    /// again: only the open circuit keeps sends away from it.</summary>
    private static async Task OpenVonageBreakerAsync(FakeProvider fake, HttpClient api)
    {
        await fake.VonageFaultAsync(new { kind = "http", httpStatus = 503 });
        for (var i = 0; i < 6; i++)
        {
            using var response = await api.PostAsJsonAsync("otp/send", NewSend());
        }

        await fake.ClearVonageFaultsAsync();
    }

    /// <summary>Sends to random UK mobile numbers, <see cref="Concurrency"/> at a time; each must be accepted. Wall times in ms.</summary>
    private static async Task<double[]> SendAsync(HttpClient api, int count, ServiceProcess service)
    {
        var latencies = new double[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, token) =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await api.PostAsJsonAsync("otp/send", NewSend(), token);
            latencies[i] = clock.Elapsed.TotalMilliseconds;
            if ((int)response.StatusCode != 202)
            {
                throw new InvalidOperationException($"send answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}\n{service.Tail()}");
            }
        });
        return latencies;
    }

    private static object NewSend() =>
        new { userId = "u-" + Guid.NewGuid().ToString("N"), phoneNumber = Country.Run[0].NewPhone(), purpose = "login" };

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}

/// <summary>One failover case, per send.</summary>
/// <param name="RedisRoundTrips">Commands the service sent to Redis (a script counts once), from MONITOR.</param>
/// <param name="RoundTripsByCommand">The same by command.</param>
/// <param name="RedisCallsInScripts">Commands the service's Lua scripts called.</param>
/// <param name="RedisCommands">Every command redis-server ran, script calls included (INFO total_commands_processed).</param>
/// <param name="VonageRequests">Requests that reached the fake Vonage (retries included).</param>
internal sealed record CostFigures(
    string Case, string Description, int Sends, double ServiceCpuMicros, double RedisRoundTrips, Dictionary<string, double> RoundTripsByCommand,
    double RedisCallsInScripts, double RedisCommands, double RedisCpuMicros, double VonageRequests, double TwilioRequests, double LatencyP50Ms, double LatencyP95Ms);
