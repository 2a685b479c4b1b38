using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Storage;

/// <summary><see cref="SlidingWindowLogs"/>, the in-process twin of window.lua: what counts, when an entry leaves, how
/// long a refusal says to wait, the distinct mode, giving an entry back, and several windows read from one log.</summary>
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

    [Test]
    public void OneLog_ReadOverTwoWindows_TrimmedByTheLongest_CountsEachExactly()
    {
        var logs = new SlidingWindowLogs();
        var hour = TimeSpan.FromHours(1);
        logs.Record("k", Start, "a");
        logs.Record("k", Start + TimeSpan.FromMinutes(30), "b");

        var later = Start + hour;
        logs.Trim("k", later, TimeSpan.FromDays(1));
        Assert.That(logs.Check("k", later, hour, limit: 1).Wait, Is.EqualTo(TimeSpan.FromMinutes(30)), "a has left the hour, b has not");
        Assert.That(logs.Check("k", later, TimeSpan.FromDays(1), limit: 2).Wait, Is.EqualTo(TimeSpan.FromHours(23)), "both are in the day");

        logs.Trim("k", later, hour);
        Assert.That(logs.Check("k", later, TimeSpan.FromDays(1), limit: 2).Wait, Is.Null, "trimmed by the hour, a is gone");
    }

    [Test]
    public void Among_CountsOnlyLiveEntriesOfItsPrefix_AndGiveBackKeepsTheEntryForTheOthers()
    {
        var logs = new SlidingWindowLogs();
        logs.Record("k", Start, "AAAAx1");
        logs.Record("k", Start, "BBBBx2");

        Assert.That(logs.Check("k", Start, Window, limit: 1, among: "AAAA").Wait, Is.EqualTo(Window));
        Assert.That(logs.Check("k", Start, Window, limit: 2, among: "CCCC").Wait, Is.Null, "no entry of that prefix");
        Assert.That(logs.Check("k", Start, Window, limit: 2, among: "").Wait, Is.EqualTo(Window), "'' reads every live entry");

        logs.GiveBack("k", "AAAAx1");
        logs.GiveBack("k", "not-there");

        Assert.That(logs.Check("k", Start, Window, limit: 1, among: "AAAA").Wait, Is.Null, "its cooldown was given back");
        Assert.That(logs.Check("k", Start, Window, limit: 1, among: "BBBB").Wait, Is.EqualTo(Window), "another entry's stays");
        Assert.That(logs.Check("k", Start, Window, limit: 2).Wait, Is.EqualTo(Window), "the budgets still count both");
    }
}
