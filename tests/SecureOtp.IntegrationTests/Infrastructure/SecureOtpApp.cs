using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// The service, in-process, on either store. Each instance gets its own Redis key prefix (one key space per app, as in
/// StackExchange.Redis's own tests), so tests never see each other's keys and leave nothing that matters behind.
/// </summary>
public sealed class SecureOtpApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly string environment;

    /// <param name="apiClients">The <see cref="TestApiKeys"/> clients to configure, by name; all by default (three sending
    /// tenants). <c>["full"]</c> is a single-tenant deployment.</param>
    public SecureOtpApp(StoreKind store, IDictionary<string, string?>? overrides = null, string environment = "Development",
        string? redisConfiguration = null, FakeWallClock? clock = null, IReadOnlyCollection<string>? apiClients = null)
    {
        Clock = clock ?? NewClock();
        this.environment = environment;
        KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12];
        settings = new Dictionary<string, string?>(TestApiKeys.Settings(apiClients))
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
            ["Otp:PseudonymKey"] = PseudonymKey,
            ["Totp:ActiveSecretKeyId"] = "t1",
            ["Totp:SecretKeys:t1"] = TotpSecretKey,

            // The shared budgets count every send of a fixture, all within one "minute" of the test clock; tests of
            // those limits set them explicitly.
            ["Limits:SendsPerCountryPerMinute"] = "100000",
            ["Limits:SendsPerClientPerMinute"] = "100000",

            // Likewise the per-client write budgets (tests of those limits set them explicitly).
            ["Limits:VerifiesPerClientPerMinute"] = "100000",
            ["Limits:CancelsPerClientPerMinute"] = "100000",
            ["Limits:TotpEnrolmentsPerClientPerMinute"] = "100000",
            ["Limits:TotpConfirmsPerClientPerMinute"] = "100000",
            ["Limits:TotpVerifiesPerClientPerMinute"] = "100000",
            ["Limits:TotpRecoveriesPerClientPerMinute"] = "100000",
            ["Limits:TotpDeletesPerClientPerMinute"] = "100000",

            // A warm-up before readiness (up to 10 s) in every test app would only slow the suite; WarmUpTests turn it on.
            ["Hosting:WarmUp:Enabled"] = "false",
        };
        overrides ??= new Dictionary<string, string?>();
        if (overrides.Keys.Any(k => k.StartsWith("Otp:HashKeys:", StringComparison.Ordinal)))
        {
            settings.Remove("Otp:HashKeys:k1"); // the test brings its own key ring
        }

        if (overrides.Keys.Any(k => k.StartsWith("Totp:SecretKeys:", StringComparison.Ordinal)))
        {
            settings.Remove("Totp:SecretKeys:t1");
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
    }

    /// <summary>The Otp:PseudonymKey every test app shares unless a test overrides it (so two apps on one Redis agree).</summary>
    public static readonly string PseudonymKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    /// <summary>The Totp:SecretKeys:t1 every test app shares unless a test brings its own ring.</summary>
    public static readonly string TotpSecretKey = Convert.ToBase64String(Enumerable.Range(201, 32).Select(i => (byte)i).ToArray());

    /// <summary>
    /// The app's clock; two apps given the same clock behave like two replicas with synchronised clocks. Its timers are
    /// real, not FakeTimeProvider's: the app's Redis operation timeouts, its Polly attempt timeouts and retry delays, and its
    /// shutdown drain all wait on this clock and must still fire while a test moves "now".
    /// </summary>
    public FakeWallClock Clock { get; }

    /// <summary>Extra service registrations, applied after the app's own (to swap in a failing sender, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public string KeyPrefix { get; }

    /// <summary>
    /// Everything the app logs. Made here, outside the app's services, so a test can still read the logs of a host that
    /// failed to start.
    /// </summary>
    public FakeLogCollector Logs { get; } = new();

    /// <summary>
    /// A clock that starts at the real time (whole seconds), so what the service signs with it (a provider JWT's iat/exp)
    /// is still acceptable to peers on the real clock; from then on "now" moves only when a test moves it.
    /// </summary>
    public static FakeWallClock NewClock()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new FakeWallClock(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)));
    }

    /// <summary>Every line the app logged so far, as "level category: message exception", one per line.</summary>
    public string LogText() =>
        string.Join("\n", Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            TestServices?.Invoke(services);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }
}
