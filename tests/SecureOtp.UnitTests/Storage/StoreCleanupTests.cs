using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Storage;

/// <summary>
/// <see cref="StoreCleanup"/>: undoes what requests answered 503 may still write once a stalled Redis resumes — bounded in
/// queue, attempts and time, stopping with the host, and saying so whenever it drops an undo.
/// </summary>
public sealed class StoreCleanupTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private FakeTimeProvider clock = null!;
    private ConcurrentQueue<(string Kind, string Result)> counted = null!;
    private FakeLogger<StoreCleanup> logger = null!;
    private MeterListener listener = null!;
    private StoreCleanup cleanup = null!;

    [SetUp]
    public void Listen()
    {
        clock = new FakeTimeProvider(TestTime.Start);
        counted = new ConcurrentQueue<(string Kind, string Result)>();
        logger = new FakeLogger<StoreCleanup>();
        cleanup = new StoreCleanup(clock, logger);
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "secureotp.redis.cleanups")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            counted.Enqueue((map["kind"]!, map["result"]!));
        });
        listener.Start();
    }

    [TearDown]
    public async Task Stop()
    {
        await cleanup.StopAsync(CancellationToken.None);
        cleanup.Dispose();
        listener.Dispose();
    }

    [Test]
    public async Task AnUndo_RunsOnce_WhenTheStoreAnswers()
    {
        var runs = 0;
        await cleanup.StartAsync(CancellationToken.None);

        cleanup.Queue("limits", _ => Run(() => Interlocked.Increment(ref runs)));

        await Eventually(() => Counted("limits", "done") == 1);
        Assert.That(runs, Is.EqualTo(1));
        Assert.That(Counted("limits", "queued"), Is.EqualTo(1));
    }

    [Test]
    public async Task AnUndo_TheStoreDoesNotTake_IsTriedAgainUntilItDoes()
    {
        var runs = 0;
        await cleanup.StartAsync(CancellationToken.None);

        cleanup.Queue("verification", _ => Interlocked.Increment(ref runs) < 4 ? throw Unavailable() : Task.CompletedTask);

        await Eventually(() => Counted("verification", "done") == 1, advancing: true);
        Assert.That(runs, Is.EqualTo(4));
        Assert.That(logger.Collector.GetSnapshot(), Is.Empty, "nothing was dropped");
    }

    [Test]
    public async Task AnUndo_TheStoreNeverTakes_IsDroppedAfterItsAttempts_CountedAndLogged()
    {
        var runs = 0;
        await cleanup.StartAsync(CancellationToken.None);

        cleanup.Queue("limits", _ =>
        {
            Interlocked.Increment(ref runs);
            throw Unavailable();
        });

        await Eventually(() => Counted("limits", "dropped_retries") == 1, advancing: true);
        Assert.That(runs, Is.EqualTo(StoreCleanup.MaxAttempts));
        Assert.That(logger.LatestRecord.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(logger.LatestRecord.Message, Does.Contain("Gave up 1 Redis clean-ups (dropped_retries"));
    }

    [Test]
    public void AFullQueue_DropsWhatDoesNotFit_AndLogsOnce()
    {
        for (var i = 0; i < StoreCleanup.Capacity + 3; i++)
        {
            cleanup.Queue("limits", _ => Task.CompletedTask);
        }

        Assert.That(Counted("limits", "queued"), Is.EqualTo(StoreCleanup.Capacity));
        Assert.That(Counted("limits", "dropped_queue_full"), Is.EqualTo(3));
        Assert.That(logger.Collector.GetSnapshot().Count(r => r.Message.Contains("queue is full", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Stopping_DropsWhatIsLeft_AndSaysSo()
    {
        var tried = new TaskCompletionSource();
        await cleanup.StartAsync(CancellationToken.None);
        cleanup.Queue("idempotency_claim", _ =>
        {
            tried.TrySetResult();
            throw Unavailable();
        });
        await tried.Task.WaitAsync(Within);

        await cleanup.StopAsync(CancellationToken.None);

        Assert.That(Counted("idempotency_claim", "dropped_shutdown"), Is.EqualTo(1), "tried once more at the stop, then dropped");
        Assert.That(logger.LatestRecord.Message, Does.Contain("dropped_shutdown"));
    }

    /// <summary>A stalled Redis runs what it received once it resumes, and a graceful stop lets sent commands complete.</summary>
    [Test]
    public async Task Stopping_SendsWhatIsLeftOnceMore_BeforeDroppingIt()
    {
        var runs = 0;
        var tried = new TaskCompletionSource();
        await cleanup.StartAsync(CancellationToken.None);
        cleanup.Queue("limits", _ =>
        {
            tried.TrySetResult();
            return Interlocked.Increment(ref runs) == 1 ? throw Unavailable() : Task.CompletedTask;
        });
        await tried.Task.WaitAsync(Within);

        await cleanup.StopAsync(CancellationToken.None);

        Assert.That(runs, Is.EqualTo(2));
        Assert.That(Counted("limits", "done"), Is.EqualTo(1));
        Assert.That(Counted("limits", "dropped_shutdown"), Is.Zero);
    }

    [Test]
    public async Task AnUndoThatFailsUnexpectedly_IsDropped_AndTheOthersStillRun()
    {
        var ran = false;
        await cleanup.StartAsync(CancellationToken.None);

        cleanup.Queue("limits", _ => throw new InvalidOperationException("a bug"));
        cleanup.Queue("verification", _ => Run(() => ran = true));

        await Eventually(() => Counted("verification", "done") == 1);
        Assert.That(ran, Is.True);
        Assert.That(Counted("limits", "failed"), Is.EqualTo(1));
        Assert.That(logger.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error).Exception, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void ACallMayStillRun_WhenItTimedOutLostItsConnectionOrItsCallerLeft_NotWhenItWasNeverSent()
    {
        Assert.That(StoreCleanup.MayStillRun(Unavailable()), Is.True, "timed out");
        Assert.That(StoreCleanup.MayStillRun(new OperationCanceledException()), Is.True, "the caller left; the command was sent");
        Assert.That(StoreCleanup.MayStillRun(new StoreUnavailableException("not connected")), Is.False, "never sent");
        Assert.That(StoreCleanup.MayStillRun(new InvalidOperationException()), Is.False);
    }

    private static StoreUnavailableException Unavailable() => new("paused", new TimeoutException()) { MayHaveRun = true };

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private int Counted(string kind, string result) => counted.Count(c => c.Kind == kind && c.Result == result);

    /// <summary>Waits (in real time, bounded) for the worker; with <paramref name="advancing"/>, moves its clock past each pause.</summary>
    private async Task Eventually(Func<bool> condition, bool advancing = false)
    {
        using var timeout = new CancellationTokenSource(Within);
        while (!condition())
        {
            if (advancing)
            {
                clock.Advance(TimeSpan.FromSeconds(10));
            }

            await Task.Delay(5, timeout.Token);
        }
    }
}
