using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Storage;

/// <summary><see cref="SlidingWindowLogs"/>, the in-process twin of window.lua: what counts, when an entry leaves, how
/// long a refusal says to wait, the distinct mode and giving an entry back.</summary>
public sealed class SlidingWindowLogsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Start = TestTime.Start;

    [Test]
    public void UnderTheLimit_OneMoreFits()
    {
        var logs = new SlidingWindowLogs();
        logs.Record("k", Start, "a");

        Assert.That(logs.Check("k", Start, Window, limit: 2), Is.EqualTo((true, (TimeSpan?)null)));
        Assert.That(logs.Check("unknown", Start, Window, limit: 1), Is.EqualTo((true, (TimeSpan?)null)));
    }

    [Test]
    public void AtTheLimit_TheWaitIsUntilTheEntryThatMustLeaveHasLeft()
    {
        var logs = new SlidingWindowLogs();
        logs.Record("k", Start + TimeSpan.FromMinutes(3), "c");
        logs.Record("k", Start, "a");
        logs.Record("k", Start + TimeSpan.FromMinutes(1), "b");

        // Three entries and a limit of two: one more fits once two have left, the second (admitted at 1 min) at 11 min.
        Assert.That(logs.Check("k", Start + TimeSpan.FromMinutes(4), Window, limit: 2).Wait, Is.EqualTo(TimeSpan.FromMinutes(7)));
        // A limit of one: all three must leave, the last (admitted at 3 min) at 13 min.
        Assert.That(logs.Check("k", Start + TimeSpan.FromMinutes(4), Window, limit: 1).Wait, Is.EqualTo(TimeSpan.FromMinutes(9)));
    }

    [Test]
    public void AnEntryLeavesTheWindowExactlyAWindowAfterItWasAdmitted()
    {
        var logs = new SlidingWindowLogs();
        logs.Record("k", Start, "a");

        Assert.That(logs.Check("k", Start + Window - TimeSpan.FromTicks(1), Window, limit: 1).Wait, Is.EqualTo(TimeSpan.FromTicks(1)));
        Assert.That(logs.Check("k", Start + Window, Window, limit: 1).Wait, Is.Null);
    }

    [Test]
    public void DistinctMode_AMemberAlreadyInTheWindowIsFree_EvenAtTheLimit()
    {
        var logs = new SlidingWindowLogs();
        logs.Record("k", Start, "number-1");

        Assert.That(logs.Check("k", Start, Window, limit: 1, "number-1", distinct: true), Is.EqualTo((false, (TimeSpan?)null)));
        Assert.That(logs.Check("k", Start, Window, limit: 1, "number-2", distinct: true).Wait, Is.EqualTo(Window));
        Assert.That(logs.Check("k", Start, Window, limit: 1, "number-1").Wait, Is.EqualTo(Window), "without distinct mode every request counts");
    }

    [Test]
    public void Remove_TakesOutOnlyThatMembersEntry()
    {
        var logs = new SlidingWindowLogs();
        logs.Record("k", Start, "a");
        logs.Record("k", Start, "b");

        logs.Remove("k", "a");
        logs.Remove("k", "not-there");
        logs.Remove("unknown", "a");

        Assert.That(logs.Check("k", Start, Window, limit: 2).Wait, Is.Null);
        Assert.That(logs.Check("k", Start, Window, limit: 1).Wait, Is.EqualTo(Window));
    }
}
