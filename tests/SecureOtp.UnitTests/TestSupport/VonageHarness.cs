using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using Polly.CircuitBreaker;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>The real Vonage sender and its real resilience pipeline, over a stub endpoint and a hand-moved clock
/// whose timers are real (the attempt timeout and the retry delays must fire).</summary>
internal sealed class VonageHarness
{
    public VonageHarness(SmsResilienceOptions? resilience = null)
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
        var client = new VonageSmsClient(factory, Microsoft.Extensions.Options.Options.Create(Options));
        var pipeline = SmsResiliencePipeline.Build(Resilience, Clock, State, NullLogger.Instance);
        Sender = new VonageSmsSender(client, pipeline, Resilience, NullLogger<VonageSmsSender>.Instance);
    }

    public StubVonageHandler Endpoint { get; } = new();

    public FakeWallClock Clock { get; } = new(TestTime.Start);

    public CircuitBreakerStateProvider State { get; } = new();

    public SmsResilienceOptions Resilience { get; }

    public SmsOptions Options { get; }

    public VonageSmsSender Sender { get; }

    public Task<SmsSendResult> SendAsync(string text = "123456 is your code") =>
        Sender.SendAsync(new SmsMessage("+447700900000", text, "ref-abc"), CancellationToken.None);
}
