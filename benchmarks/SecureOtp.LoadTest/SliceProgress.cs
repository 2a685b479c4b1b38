using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace SecureOtp.LoadTest;

/// <summary>
/// Shows a running slice: on a terminal, a Spectre progress bar (elapsed of planned seconds, ops so far); when the output
/// is redirected (run.sh tees it to a file), one line when the slice ends instead, because Spectre's fallback renderer
/// would print a line at each of its milestones for every slice.
/// </summary>
internal static class SliceProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether live bars can be drawn; false when piped, or when the console is not interactive or has no ANSI.</summary>
    public static bool IsLive =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;

    /// <param name="label">What runs, e.g. "round 1/3 verify-right" (plain text, escaped here).</param>
    /// <param name="extra">Appended to the live description each refresh (the soak's latest RSS); may be null.</param>
    public static async Task<Slice> TrackAsync(
        string label, LoadSettings settings, Func<OperationCounter, Task<Slice>> measure, Func<string>? extra, CancellationToken cancellationToken)
    {
        var counter = new OperationCounter();
        var planned = settings.SliceLength.TotalSeconds;
        if (!IsLive)
        {
            var done = await measure(counter);
            AnsiConsole.MarkupLine(Markup.Escape(
                $"  {label}: {counter.Done:N0} ops in {settings.Warmup.TotalSeconds:0.#} s warm-up + {done.Seconds:0.#} s measured, {done.Latencies.TotalCount:N0} counted"));
            return done;
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(Markup.Escape(label), maxValue: Math.Max(planned, 0.001));
                var clock = Stopwatch.StartNew();
                var running = measure(counter);

                // Bounded twice: the slice stops by itself, and the ticks are capped at its planned length plus a minute.
                var maxTicks = (int)((planned + 60) / Refresh.TotalSeconds);
                for (var tick = 0; tick < maxTicks && !running.IsCompleted; tick++)
                {
                    await Task.WhenAny(running, Task.Delay(Refresh, cancellationToken));
                    bar.Value = Math.Min(clock.Elapsed.TotalSeconds, planned);
                    bar.Description = Markup.Escape(Describe(label, clock.Elapsed.TotalSeconds, planned, counter, extra));
                }

                var slice = await running;
                bar.Value = bar.MaxValue;
                bar.Description = Markup.Escape(Describe(label, clock.Elapsed.TotalSeconds, planned, counter, extra));
                bar.StopTask();
                return slice;
            });
    }

    private static string Describe(string label, double elapsed, double planned, OperationCounter counter, Func<string>? extra) =>
        string.Create(CultureInfo.InvariantCulture, $"{label}  {elapsed,5:0.0}/{planned:0.#} s  {counter.Done,9:N0} ops{(extra is null ? "" : "  " + extra())}");
}
