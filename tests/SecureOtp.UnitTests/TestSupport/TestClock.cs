namespace SecureOtp.UnitTests.TestSupport;

/// <summary>A clock that moves only when a test moves it.</summary>
internal sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>A fixed instant with a fractional second, so rounding in the code under test is visible.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 10, 0, 0, 250, TimeSpan.Zero);

    public TestClock()
        : this(DefaultStart)
    {
    }

    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
