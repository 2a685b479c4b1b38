namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary><c>Hosting:WarmUp:*</c>: how long a new process exercises its hot paths before it reports ready.</summary>
internal sealed class WarmUpOptions
{
    public const string Section = "Hosting:WarmUp";

    /// <summary>Off, readiness waits only for the store (a process then meets its first load with cold code).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The longest the in-process requests run. They stop earlier once the JIT has settled (<see cref="MinDuration"/>):
    /// methods called 30 times are recompiled optimised in the background, and a process that still compiles when load
    /// arrives spends its first seconds compiling on the cores the requests need (issue 27).
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The shortest the requests run before the JIT is asked whether it has settled: the tiered JIT waits 100 ms
    /// after the last new method before it counts calls, so an earlier quiet moment says nothing.</summary>
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Concurrent in-process request loops (0: one per core), so the thread pool and the Redis multiplexer see
    /// concurrent work as under load.</summary>
    public int Concurrency { get; set; }

    /// <summary>The longest readiness can be held back, whatever the duration says: a slow or stuck warm-up never keeps
    /// a pod out of service.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(30);

    /// <summary>The run's end: <see cref="Duration"/>, never beyond <see cref="MaxDuration"/>.</summary>
    public TimeSpan Maximum => Duration < MaxDuration ? Duration : MaxDuration;
}
