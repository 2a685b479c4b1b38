using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Security;

public sealed class SecureRandomTests
{
    [Test]
    public void Fill_ManySmallDraws_NeverRepeatsADraw()
    {
        // 10,000 draws of 12 bytes run through the buffer many times over: a byte handed out twice (a buffer not
        // refilled, or read from the wrong place) would repeat a whole draw.
        var seen = new HashSet<string>();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.That(seen.Add(Convert.ToHexString(SecureRandom.GetBytes(12))), Is.True, $"draw {i} repeated an earlier one");
        }
    }

    [Test]
    public void Fill_ALargeDraw_IsFilledAndDiffersFromTheNext()
    {
        var first = SecureRandom.GetBytes(1024);
        var second = SecureRandom.GetBytes(1024);

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(first.Count(b => b == 0), Is.LessThan(30), "a 1 KiB draw left (mostly) unfilled");
    }

    [Test]
    public void GetString_WithNoChoices_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SecureRandom.GetString([], 6));
}
