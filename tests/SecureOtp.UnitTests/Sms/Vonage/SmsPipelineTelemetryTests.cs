using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using Polly.Registry;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.UnitTests.Sms.Vonage;

/// <summary>
/// Polly's own metrics come with the registered pipeline (named after it and its strategies), our metric names stay,
/// and Polly writes no log lines of its own: our event ids already tell each retry and breaker change once.
/// </summary>
public sealed class SmsPipelineTelemetryTests
{
    [Test]
    public async Task ARetriedSend_IsCountedByPollysMetricsAndOurs_AndLoggedOnlyByUs()
    {
        var measurements = new List<(string Instrument, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name is "Polly" or "SecureOtp")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((i, _, tags, _) => Record(i, tags));
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        listener.Start();
        var loggers = Substitute.For<ILoggerProvider>();
        loggers.CreateLogger(Arg.Any<string>()).Returns(NullLogger.Instance);
        var pollyLogger = Substitute.For<ILogger>();
        pollyLogger.IsEnabled(Arg.Any<LogLevel>()).Returns(true);
        loggers.CreateLogger("Polly").Returns(pollyLogger);
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(loggers))
            .AddSingleton(Options.Create(new SmsOptions { Resilience = new SmsResilienceOptions { RetryBaseDelay = TimeSpan.Zero } }))
            .AddSmsResiliencePipeline()
            .BuildServiceProvider();
        var pipeline = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<VonageAttempt>(SmsResiliencePipeline.Name);

        var calls = 0;
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(calls++ == 0
            ? new VonageAttempt(VonageOutcome.NotSentTransient, "5", 200)
            : new VonageAttempt(VonageOutcome.Accepted, "0", 200)));

        lock (measurements)
        {
            Assert.That(measurements.Where(m => m.Instrument == "resilience.polly.strategy.events").Select(m => m.Tags).ToList(), Has.Some.Matches<Dictionary<string, object?>>(t =>
                Equals(t["event.name"], "OnRetry") && Equals(t["pipeline.name"], SmsResiliencePipeline.Name) && Equals(t["strategy.name"], ResilienceTelemetry.Retry)));
            Assert.That(measurements.Count(m => m.Instrument == "resilience.polly.strategy.attempt.duration"), Is.EqualTo(2));
            Assert.That(measurements.Where(m => m.Instrument == "secureotp.sms.retries").Select(m => m.Tags["reason"]).ToList(), Is.EqualTo(new List<object?> { "NotSentTransient" }));
        }

        Assert.That(pollyLogger.ReceivedCalls().Select(c => c.GetMethodInfo().Name), Has.None.EqualTo(nameof(ILogger.Log)),
            "Polly's retry warning would repeat event 4004");
        loggers.Received().CreateLogger(typeof(SmsResiliencePipeline).FullName!);

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, copy));
            }
        }
    }
}
