namespace SecureOtp.UnitTests.TestSupport;

internal static class TestTime
{
    /// <summary>Where the unit tests' clocks start: a fixed instant with a fractional second, so rounding is visible.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, 250, TimeSpan.Zero);
}
