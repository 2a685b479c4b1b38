using System.Diagnostics;

namespace SecureOtp.LoadTest.Tests;

public class VerificationPoolTests
{
    [Test]
    public void Before_a_slice_the_pool_drops_what_would_go_stale_during_it_and_keeps_the_rest()
    {
        var pool = new VerificationPool(maxAge: TimeSpan.FromSeconds(100));
        pool.Add(AgedSeconds("old", 90));
        pool.Add(AgedSeconds("young", 10));

        pool.DropStale(headroom: TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(pool.TryTake(out var kept), Is.True);
            Assert.That(kept!.Id, Is.EqualTo("young"));
            Assert.That(pool.Count, Is.Zero);
            Assert.That(pool.Expired, Is.EqualTo(1));
        });
    }

    private static LiveVerification AgedSeconds(string id, int seconds) =>
        new(id, "user", code: null, createdAt: Stopwatch.GetTimestamp() - (seconds * Stopwatch.Frequency));
}
