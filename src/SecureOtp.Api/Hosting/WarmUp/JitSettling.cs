using System.Runtime;

namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>
/// Whether the JIT has settled: fewer than <see cref="QuietMethods"/> methods compiled (new, or recompiled optimised by
/// the tiered JIT) over the last <see cref="Window"/>. Asked only after a minimum, while the warm-up keeps calling the
/// hot paths, so a quiet window means they have been compiled at their final tier, not that nothing called them.
/// </summary>
internal static class JitSettling
{
    /// <summary>Long enough for the tiered JIT's 100 ms call-counting delay and a background batch of recompiles.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    /// <summary>A timer or background service of the process may compile a method or two at any time.</summary>
    public const long QuietMethods = 3;

    /// <summary>Waits until the JIT has settled (true) or <paramref name="maximum"/> has passed since <paramref name="started"/> (false).</summary>
    /// <param name="window">Told the methods compiled in each window, for the log.</param>
    public static async Task<bool> WaitAsync(
        long started, TimeSpan minimum, TimeSpan maximum, TimeProvider time, Action<long> window, CancellationToken cancellationToken)
    {
        var untilMinimum = minimum - time.GetElapsedTime(started);
        if (untilMinimum > TimeSpan.Zero)
        {
            await Task.Delay(untilMinimum < maximum ? untilMinimum : maximum, time, cancellationToken);
        }

        var last = JitInfo.GetCompiledMethodCount();
        while (true)
        {
            var left = maximum - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(left < Window ? left : Window, time, cancellationToken);
            var count = JitInfo.GetCompiledMethodCount();
            window(count - last);
            if (count - last < QuietMethods && left >= Window)
            {
                return true;
            }

            last = count;
        }
    }
}
