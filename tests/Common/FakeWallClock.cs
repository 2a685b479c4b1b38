using Microsoft.Extensions.Time.Testing;

namespace SecureOtp.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose "now" moves only when a test moves it, while its timers and timestamps stay real.
/// </summary>
/// <remarks>
/// Why not FakeTimeProvider itself: it fakes timers too, so under it a Redis operation timeout, a Polly attempt timeout or
/// retry delay, and the shutdown drain would never fire. The tests that use this clock need those real waits (a slow
/// provider must time out, a retry must happen) while they move "now" to expire codes, end cooldowns and circuit breaks.
/// Linked into both test projects, so there is one copy.
/// </remarks>
public sealed class FakeWallClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);

    public override long GetTimestamp() => TimeProvider.System.GetTimestamp();

    public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;
}
