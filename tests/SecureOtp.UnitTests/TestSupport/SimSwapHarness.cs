using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using SecureOtp.Api.Risk.SimSwap;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>
/// The real <see cref="SimSwapCheck"/>, its real provider client and its resilience pipeline as registered in DI (the
/// clock registered there is the pipeline's), over stub endpoints (the API and the token endpoint, one per named
/// HttpClient) and a hand-moved clock whose timers are real (the pipeline's timeouts and retry delay must fire).
/// </summary>
internal sealed class SimSwapHarness : IDisposable
{
    public const string ApplicationId = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";

    public SimSwapHarness(SimSwapOptions? options = null)
    {
        Options = options ?? CamaraOptions();
        var factory = Substitute.For<IHttpClientFactory>();
        factory.CreateClient(CamaraSimSwapClient.HttpClientName).Returns(_ => new HttpClient(Api, disposeHandler: false));
        factory.CreateClient(CamaraTokenSource.HttpClientName).Returns(_ => new HttpClient(TokenEndpoint, disposeHandler: false));
        var wrapped = Microsoft.Extensions.Options.Options.Create(Options);

        Tokens = new CamaraTokenSource(factory, wrapped, Clock);
        Signer = new VonageJwtSigner(Rsa, ApplicationId, Clock);
        ISimSwapProvider? provider = Options.Provider switch
        {
            SimSwapProviderKind.Camara => new CamaraSimSwapClient(factory, Tokens, wrapped),
            SimSwapProviderKind.Vonage => new VonageSimSwapClient(factory, Signer, wrapped),
            _ => null,
        };
        Cache = new SimSwapCache(wrapped, Clock, TestKeys.NewPseudonymKey());
        Services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(Clock).AddSingleton(wrapped)
            .AddSimSwapResiliencePipeline().BuildServiceProvider();
        Circuit = Services.GetRequiredKeyedService<CircuitBreakerStateProvider>(SimSwapResiliencePipeline.Name);
        var pipelines = Services.GetRequiredService<ResiliencePipelineProvider<string>>();
        Pipeline = pipelines.GetPipeline<SimSwapAttempt>(SimSwapResiliencePipeline.Name);
        Check = new SimSwapCheck(Options, provider, pipelines, Cache, Logger);
    }

    public StubSimSwapHandler Api { get; } = new(() => StubSimSwapHandler.CamaraSwapped(false));

    public StubSimSwapHandler TokenEndpoint { get; } = new(() => StubSimSwapHandler.Token("token-1"));

    public FakeWallClock Clock { get; } = new(TestTime.Start);

    public ServiceProvider Services { get; }

    public CircuitBreakerStateProvider Circuit { get; }

    public ResiliencePipeline<SimSwapAttempt> Pipeline { get; }

    public RSA Rsa { get; } = RSA.Create(2048);

    public FakeLogger<SimSwapCheck> Logger { get; } = new();

    public SimSwapOptions Options { get; }

    public CamaraTokenSource Tokens { get; }

    public VonageJwtSigner Signer { get; }

    public SimSwapCache Cache { get; }

    public SimSwapCheck Check { get; }

    /// <summary>Short timeouts so a slow provider costs a test a fraction of a second.</summary>
    public static SimSwapOptions CamaraOptions(SimSwapPolicy policy = SimSwapPolicy.Flag, bool failOpen = true) => new()
    {
        Provider = SimSwapProviderKind.Camara,
        Policy = policy,
        FailOpen = failOpen,
        MaxAgeHours = 72,
        BaseUrl = new Uri("https://camara.test/operator/api"),
        TokenUrl = new Uri("https://auth.camara.test/oauth2/token"),
        ClientId = "client-123",
        ClientSecret = "secret-456",
        Timeout = TimeSpan.FromMilliseconds(200),
        TotalTimeout = TimeSpan.FromSeconds(1),
    };

    public static SimSwapOptions VonageOptions(SimSwapPolicy policy = SimSwapPolicy.Flag, bool failOpen = true) => new()
    {
        Provider = SimSwapProviderKind.Vonage,
        Policy = policy,
        FailOpen = failOpen,
        MaxAgeHours = 72,
        ApplicationId = ApplicationId,
        PrivateKeyPath = "unused-the-harness-passes-the-key",
        Timeout = TimeSpan.FromMilliseconds(200),
        TotalTimeout = TimeSpan.FromSeconds(1),
    };

    public Task<SimSwapVerdict> AssessAsync(string phone = "+447700900123") => Check.AssessAsync(phone, CancellationToken.None);

    public void Dispose()
    {
        Api.Dispose();
        TokenEndpoint.Dispose();
        Tokens.Dispose();
        Signer.Dispose();
        Cache.Dispose();
        Services.Dispose();
    }
}
