using System.Threading.Channels;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Storage;

/// <summary>
/// Undoes, in the background, what a request that was answered <c>503 store_unavailable</c> may still do in Redis. A
/// stalled Redis (<c>CLIENT PAUSE</c>, a slow fork, a busy script) does not drop the commands it has queued: it runs
/// them when it resumes, after their request gave up. Without this, 150 sends answered 503 during a pause spent a
/// country's whole budget once Redis resumed. Every undo here is exact (a limit entry's unique member, a verification's
/// id hash, a claim's token), so running one twice, or for a command that never ran, changes nothing else.
/// <para>
/// Bounded on purpose: the queue holds <see cref="Capacity"/> undos (more are dropped and counted); each is tried up to
/// <see cref="MaxAttempts"/> times with a growing pause between rounds, waiting on <see cref="TimeProvider"/>; what is
/// left at shutdown is dropped. Every drop is counted in <c>secureotp.redis.cleanups</c> and logged, because a dropped
/// undo means limit entries that count until their window ends (docs/operations.md).
/// </para>
/// </summary>
internal sealed class StoreCleanup(TimeProvider time, ILogger<StoreCleanup> logger) : BackgroundService
{
    public const int Capacity = 10_000;
    public const int MaxAttempts = 10;

    /// <summary>Undos tried together per round: one pipelined burst, not one round trip each.</summary>
    private const int RoundSize = 256;

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(8);

    private readonly Channel<Undo> queue = Channel.CreateBounded<Undo>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Set while the queue refuses undos, so a flood of drops logs once, not once per request.</summary>
    private int overflowing;

    /// <summary>Queues <paramref name="run"/>, which must be exact and safe to repeat; never waits.</summary>
    /// <param name="kind">What is undone, for the metric: <c>limits</c>, <c>verification</c>, <c>idempotency_claim</c>.</param>
    public void Queue(string kind, Func<CancellationToken, Task> run)
    {
        if (queue.Writer.TryWrite(new Undo(kind, run, 0)))
        {
            Interlocked.Exchange(ref overflowing, 0);
            Count(kind, "queued");
            return;
        }

        Count(kind, "dropped_queue_full");
        if (Interlocked.Exchange(ref overflowing, 1) == 0)
        {
            Log.CleanupQueueFull(logger, Capacity);
        }
    }

    /// <summary>
    /// Whether a Redis call that failed with <paramref name="error"/> may still run in Redis: it timed out or lost its
    /// connection in flight, or its caller gave up waiting (the command was sent all the same).
    /// </summary>
    public static bool MayStillRun(Exception error) =>
        error is OperationCanceledException or StoreUnavailableException { MayHaveRun: true };

    /// <summary>Runs <paramref name="run"/> now; if the store does not answer, queues it and rethrows (the request still fails).</summary>
    public async Task RunOrQueueAsync(string kind, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            Queue(kind, run);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var round = new List<Undo>();
        var pause = FirstPause;
        try
        {
            while (round.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (round.Count < RoundSize && queue.Reader.TryRead(out var undo))
                {
                    round.Add(undo);
                }

                round = await RunRoundAsync(round, stoppingToken);
                if (round.Count == 0)
                {
                    pause = FirstPause;
                    continue;
                }

                // Redis still does not answer: wait before the next round, longer each time.
                await Task.Delay(pause, time, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: what is left is counted below
        }

        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var undo))
        {
            round.Add(undo);
        }

        await LastRoundAsync(round);
    }

    /// <summary>
    /// At shutdown, each undo still waiting is sent once more and the rest dropped. Sent is what matters: a stalled Redis
    /// runs what it has received once it resumes, and a graceful stop closes the connection only after its commands
    /// complete (measured: 11 of 20 undos dropped at a stop during a pause left 55 limit entries before this last round).
    /// </summary>
    private async Task LastRoundAsync(List<Undo> left)
    {
        var results = await Task.WhenAll(left.Select(undo => TryRunAsync(undo, CancellationToken.None)));
        var notDone = new List<Undo>();
        for (var i = 0; i < left.Count; i++)
        {
            if (results[i] is { } final)
            {
                Count(left[i].Kind, final);
            }
            else
            {
                notDone.Add(left[i]);
            }
        }

        Drop(notDone, "dropped_shutdown");
    }

    /// <summary>Runs a round at once; returns the undos to try again (those the store did not take, within their attempts).</summary>
    private async Task<List<Undo>> RunRoundAsync(List<Undo> round, CancellationToken stoppingToken)
    {
        var results = await Task.WhenAll(round.Select(undo => TryRunAsync(undo, stoppingToken)));
        var again = new List<Undo>();
        var givenUp = new List<Undo>();
        for (var i = 0; i < round.Count; i++)
        {
            if (results[i] is { } final)
            {
                Count(round[i].Kind, final);
            }
            else if (round[i].Attempts + 1 < MaxAttempts || stoppingToken.IsCancellationRequested)
            {
                again.Add(round[i] with { Attempts = round[i].Attempts + 1 });
            }
            else
            {
                givenUp.Add(round[i]);
            }
        }

        Drop(givenUp, "dropped_retries");
        return again;
    }

    /// <summary>"done", "failed" (a bug: never retried), or null when the store did not answer and it may be tried again.</summary>
    private async Task<string?> TryRunAsync(Undo undo, CancellationToken stoppingToken)
    {
        try
        {
            await undo.Run(stoppingToken);
            return "done";
        }
        catch (StoreUnavailableException)
        {
            return null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            // A bug in an undo must not stop the others, nor the host (a failed BackgroundService stops it).
            Log.CleanupFailed(logger, undo.Kind, e);
            return "failed";
        }
    }

    private void Drop(List<Undo> undos, string result)
    {
        if (undos.Count == 0)
        {
            return;
        }

        // Logged before counted: whoever watches the counter (a test, an alert) finds the line already written.
        Log.CleanupsDropped(logger, undos.Count, result, string.Join(",", undos.Select(u => u.Kind).Distinct()));
        foreach (var undo in undos)
        {
            Count(undo.Kind, result);
        }
    }

    private static void Count(string kind, string result) =>
        SecureOtpTelemetry.RedisCleanups.Add(1, SecureOtpTelemetry.Tag("kind", kind), SecureOtpTelemetry.Tag("result", result));

    private sealed record Undo(string Kind, Func<CancellationToken, Task> Run, int Attempts);
}
