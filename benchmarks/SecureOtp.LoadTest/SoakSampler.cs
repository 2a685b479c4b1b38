using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace SecureOtp.LoadTest;

/// <summary>One reading of the service process: resident memory, threads, and CPU time used since it started.</summary>
internal sealed record RssSample(double AtSeconds, long RssKb, int Threads, double CpuSeconds, bool AfterWarmup);

/// <summary>
/// The soak's memory figures. Growth compares the last sample with the first one taken after the warm-up, so start-up
/// allocation (JIT, pools, first connections) is not counted as growth.
/// </summary>
internal sealed record SoakReport(
    int Pid, double SampleSeconds, double WarmupSeconds, double FirstRssMb, double LastRssMb, double MaxRssMb, double GrowthPercent,
    string Note, IReadOnlyList<RssSample> Samples);

/// <summary>
/// Samples a process's RSS (VmRSS from /proc/&lt;pid&gt;/status), thread count and CPU time while one slice runs: at its start,
/// when the warm-up ends, every interval after that until the planned end, and once the slice has finished.
/// </summary>
internal sealed class SoakSampler(int pid, LoadSettings settings)
{
    private readonly List<RssSample> samples = [];
    private RssSample? latest;

    public static bool CanRead(int pid) => File.Exists(StatusPath(pid));

    /// <summary>The latest reading for the progress display ("RSS 123.4 MB").</summary>
    public string Latest => Volatile.Read(ref latest) is { } s ? string.Create(CultureInfo.InvariantCulture, $"RSS {s.RssKb / 1024.0:0.0} MB") : "RSS …";

    public async Task<SoakReport> RunAsync(Task slice)
    {
        using var process = Process.GetProcessById(pid);
        var clock = Stopwatch.StartNew();
        var note = "";
        var interval = settings.SoakSample;
        var next = settings.Warmup > TimeSpan.Zero ? settings.Warmup : interval;
        var maxSamples = (int)(settings.SliceLength / interval) + 4;
        var readable = Take(process, clock, settings.Warmup <= TimeSpan.Zero);
        // Scheduled samples stop short of the slice's planned end: the sample taken once it has finished is the last one.
        for (var n = 0; readable && n < maxSamples && next < settings.SliceLength && !slice.IsCompleted; n++)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(slice, Task.Delay(wait));
            }

            if (slice.IsCompleted)
            {
                break;
            }

            readable = Take(process, clock, afterWarmup: true);
            next += interval;
        }

        await slice.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!readable || !Take(process, clock, afterWarmup: true))
        {
            note = $"process {pid} could not be read any more at {clock.Elapsed.TotalSeconds:0} s (exited?); figures cover the samples before that";
        }

        return Summarize(note);
    }

    private bool Take(Process process, Stopwatch clock, bool afterWarmup)
    {
        try
        {
            long rssKb = 0;
            var threads = 0;
            foreach (var line in File.ReadLines(StatusPath(pid)))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rssKb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                }
            }

            // TotalProcessorTime reads utime + stime from /proc/<pid>/stat and converts clock ticks correctly.
            process.Refresh();
            var sample = new RssSample(Math.Round(clock.Elapsed.TotalSeconds, 1), rssKb, threads, Math.Round(process.TotalProcessorTime.TotalSeconds, 2), afterWarmup);
            samples.Add(sample);
            Volatile.Write(ref latest, sample);
            if (!SliceProgress.IsLive)
            {
                // Piped output has no live bar: one line per sample shows the soak is alive (every --soak-sample seconds).
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"  soak t={sample.AtSeconds:0}s RSS {rssKb / 1024.0:0.0} MB, {threads} threads, CPU {sample.CpuSeconds:0.0} s")));
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private SoakReport Summarize(string note)
    {
        var first = samples.FirstOrDefault(s => s.AfterWarmup) ?? samples.FirstOrDefault();
        var last = samples.LastOrDefault();
        if (first is null || last is null)
        {
            return new SoakReport(pid, settings.SoakSample.TotalSeconds, settings.Warmup.TotalSeconds, 0, 0, 0, 0, "no sample could be read", samples);
        }

        var growth = first.RssKb > 0 ? 100.0 * (last.RssKb - first.RssKb) / first.RssKb : 0;
        return new SoakReport(pid, settings.SoakSample.TotalSeconds, settings.Warmup.TotalSeconds, Mb(first.RssKb), Mb(last.RssKb),
            Mb(samples.Max(s => s.RssKb)), Math.Round(growth, 2), note, samples);
    }

    private static double Mb(long kb) => Math.Round(kb / 1024.0, 1);

    private static string StatusPath(int pid) => $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
}
