namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary><c>Hosting:WarmUp:*</c>: how long a new process exercises its hot paths before it reports ready.</summary>
internal sealed class WarmUpOptions
{
    public const string Section = "Hosting:WarmUp";

    /// <summary>Off, readiness waits only for the store (a process then meets its first load with cold code).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long the in-process requests run. Methods called 30 times are recompiled optimised in the background shortly
    /// after; two seconds give the tiered JIT time to do that for the request path before real traffic competes with it.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent in-process request loops (0: one per core), so the thread pool and the Redis multiplexer see
    /// concurrent work as under load.</summary>
    public int Concurrency { get; set; }

    /// <summary>The longest readiness can be held back, whatever the duration says: a slow or stuck warm-up never keeps
    /// a pod out of service.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(30);
}
