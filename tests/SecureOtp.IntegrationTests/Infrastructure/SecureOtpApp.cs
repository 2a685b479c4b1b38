using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// The service, in-process, on either store. Each instance gets its own Redis key prefix (one key space per app, as in
/// StackExchange.Redis's own tests), so tests never see each other's keys and leave nothing that matters behind.
/// </summary>
public sealed class SecureOtpApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly string environment;

    public SecureOtpApp(StoreKind store, IDictionary<string, string?>? overrides = null, string environment = "Development",
        string? redisConfiguration = null, TestClock? clock = null)
    {
        Clock = clock ?? new TestClock();
        this.environment = environment;
        KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12];
        settings = new Dictionary<string, string?>(TestApiKeys.Settings())
        {
            ["Redis:Configuration"] = store switch
            {
                StoreKind.Redis => redisConfiguration ?? RedisSetUp.Server.Configuration,
                StoreKind.RedisCluster => RedisSetUp.Cluster.Configuration,
                _ => "",
            },
            ["Redis:KeyPrefix"] = KeyPrefix,
            ["Sms:Provider"] = "Outbox",
            ["Otp:ActiveHashKeyId"] = "k1",
            ["Otp:HashKeys:k1"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),

            // The shared budgets count every send of a fixture, all within one "minute" of the test clock; tests of
            // those limits set them explicitly.
            ["Limits:SendsPerCountryPerMinute"] = "100000",
            ["Limits:SendsPerClientPerMinute"] = "100000",
        };
        overrides ??= new Dictionary<string, string?>();
        if (overrides.Keys.Any(k => k.StartsWith("Otp:HashKeys:", StringComparison.Ordinal)))
        {
            settings.Remove("Otp:HashKeys:k1"); // the test brings its own key ring
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
    }

    /// <summary>The app's clock; two apps given the same clock behave like two replicas with synchronised clocks.</summary>
    public TestClock Clock { get; }

    /// <summary>Extra service registrations, applied after the app's own (to swap in a failing sender, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public string KeyPrefix { get; }

    /// <summary>Everything the app logged.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            TestServices?.Invoke(services);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
