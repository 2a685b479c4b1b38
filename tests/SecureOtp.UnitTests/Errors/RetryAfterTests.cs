using SecureOtp.Api.Errors;

namespace SecureOtp.UnitTests.Errors;

public sealed class RetryAfterTests
{
    [TestCase(0, 1)]
    [TestCase(-5000, 1)]
    [TestCase(1, 1)]
    [TestCase(1000, 1)]
    [TestCase(1001, 2)]
    [TestCase(29_250, 30)]
    [TestCase(30_000, 30)]
    public void Seconds_RoundsUpToAtLeastOne(int milliseconds, int expected) =>
        Assert.That(RetryAfter.Seconds(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
}
