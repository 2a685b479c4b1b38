using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Storage;

/// <summary><see cref="SlidingCounters"/>, the in-process twin of counter.lua: a request counts until its bucket leaves
/// (not until a window after it), the wait names the oldest buckets that must leave, and a give-back takes one off its
/// bucket once, never below 0, never from a bucket that has left.</summary>
public sealed class SlidingCountersTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Width = TimeSpan.FromSeconds(1);

    /// <summary>10:00:00.250: a quarter into its bucket.</summary>
    private static readonly DateTimeOffset Start = TestTime.Start;

    private static readonly DateTimeOffset BucketStart = Start - TimeSpan.FromMilliseconds(250);

    [Test]
    public void ARequestCountsUntilItsBucketLeaves_AWindowAfterTheBucketBegan()
    {
        var counters = new SlidingCounters();
        counters.Record("k", Start, Window, Width);

        Assert.That(counters.Check("k", BucketStart + Window - TimeSpan.FromMilliseconds(1), Window, Width, limit: 1),
            Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        Assert.That(counters.Check("k", BucketStart + Window, Window, Width, limit: 1), Is.Null, "0.25 s before a log would let it go");
        Assert.That(counters.Check("unknown", Start, Window, Width, limit: 1), Is.Null);
    }

    [Test]
    public void AtTheLimit_TheWaitIsUntilTheOldestBucketsThatMustLeaveHaveLeft()
    {
        var counters = new SlidingCounters();
        counters.Record("k", Start, Window, Width);
        counters.Record("k", Start + TimeSpan.FromSeconds(10), Window, Width);
        counters.Record("k", Start + TimeSpan.FromSeconds(10), Window, Width);
        var now = Start + TimeSpan.FromSeconds(20);

        Assert.That(counters.Check("k", now, Window, Width, limit: 3), Is.EqualTo(BucketStart + Window - now), "one must leave: the first bucket");
        Assert.That(counters.Check("k", now, Window, Width, limit: 2), Is.EqualTo(BucketStart + TimeSpan.FromSeconds(70) - now),
            "two must leave: the second bucket holds the second");
        Assert.That(counters.Check("k", now, Window, Width, limit: 4), Is.Null);
    }

    [Test]
    public void GiveBack_TakesOneOffItsBucket_OncePerRequest_NeverBelowZero()
    {
        var counters = new SlidingCounters();
        counters.Record("k", Start, Window, Width);
        counters.Record("k", Start, Window, Width);

        counters.GiveBack("k", "a", Start, Width);
        counters.GiveBack("k", "a", Start, Width);
        Assert.That(counters.Check("k", Start, Window, Width, limit: 1), Is.Not.Null, "the other request still counts");

        counters.GiveBack("k", "b", Start, Width);
        counters.GiveBack("k", "c", Start, Width); // a request that was never counted: nothing left to take
        counters.Record("k", Start, Window, Width);
        Assert.That(counters.Check("k", Start, Window, Width, limit: 1), Is.Not.Null, "the new request counts: not taken below 0");
    }

    [Test]
    public void GiveBack_FromABucketThatHasLeft_TakesNothingFromLaterRequests()
    {
        var counters = new SlidingCounters();
        counters.Record("k", Start, Window, Width);
        counters.Record("k", Start + Window, Window, Width);

        counters.GiveBack("k", "old", Start, Width);
        Assert.That(counters.Check("k", Start + Window, Window, Width, limit: 1), Is.EqualTo(BucketStart + (2 * Window) - (Start + Window)),
            "the later request still counts, until its own bucket leaves");
    }
}
