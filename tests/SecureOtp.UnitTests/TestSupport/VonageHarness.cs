using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>
/// The real Vonage sender and its resilience pipeline as registered in DI (the clock registered there is the
/// pipeline's), over a stub endpoint and a hand-moved clock whose timers are real (the attempt timeout and the retry
/// delays must fire).
/// </summary>
internal sealed class VonageHarness
{
    /// <param name="innermost">Polly chaos strategies to add where the provider call would be, after the production
    /// strategies (the pipeline is then registered from <see cref="SmsResiliencePipeline.Configure"/> plus these).</param>
    public VonageHarness(SmsResilienceOptions? resilience = null, Action<ResiliencePipelineBuilder<VonageAttempt>>? innermost = null)
    {
        Resilience = resilience ?? new SmsResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(300),
            TotalTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            BreakerMinimumThroughput = 4,
            BreakerFailureRatio = 0.5,
            BreakerSamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = TimeSpan.FromSeconds(20),
        };
        Options = new SmsOptions
        {
            Provider = SmsOptions.VonageProvider,
            Vonage = new VonageOptions { BaseUrl = new Uri("http://vonage.test/base"), ApiKey = "key-123", ApiSecret = "secret-456", From = "SecureOtp" },
            Resilience = Resilience,
        };
        var factory = Substitute.For<IHttpClientFactory>();
        factory.CreateClient(Arg.Any<string>()).Returns(_ => new HttpClient(Endpoint, disposeHandler: false));
        var wrapped = Microsoft.Extensions.Options.Options.Create(Options);
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(Clock).AddSingleton(wrapped);
        if (innermost is null)
        {
            services.AddSmsResiliencePipeline();
        }
        else
        {
            services.AddKeyedSingleton<CircuitBreakerStateProvider>(SmsResiliencePipeline.Name);
            services.AddResiliencePipeline<string, VonageAttempt>(SmsResiliencePipeline.Name, (builder, context) =>
            {
                SmsResiliencePipeline.Configure(builder, context);
                innermost(builder);
            });
        }

        Services = services.BuildServiceProvider();
        State = Services.GetRequiredKeyedService<CircuitBreakerStateProvider>(SmsResiliencePipeline.Name);
        var pipelines = Services.GetRequiredService<ResiliencePipelineProvider<string>>();
        Pipeline = pipelines.GetPipeline<VonageAttempt>(SmsResiliencePipeline.Name);
        Sender = new VonageSmsSender(new VonageSmsClient(factory, wrapped, TimeProvider.System), pipelines, wrapped, NullLogger<VonageSmsSender>.Instance);
    }

    public StubVonageHandler Endpoint { get; } = new();

    public FakeWallClock Clock { get; } = new(TestTime.Start);

    public ServiceProvider Services { get; }

    public CircuitBreakerStateProvider State { get; }

    public ResiliencePipeline<VonageAttempt> Pipeline { get; }

    public SmsResilienceOptions Resilience { get; }

    public SmsOptions Options { get; }

    public VonageSmsSender Sender { get; }

    public Task<SmsSendResult> SendAsync(string text = "123456 is your code") =>
        Sender.SendAsync(new SmsMessage("+447700900000", text, "ref-abc"), CancellationToken.None);
}
