using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Storage.Scripts;

namespace SecureOtp.UnitTests.Otp.Delivery;

public sealed class FallbackRulesTests
{
    private static readonly string[] Listed = ["sms", "voice", "whatsapp"];

    [Test]
    public void Untried_SkipsTriedAndSwitchedOffChannels_InTheListsOrder()
    {
        Assert.Multiple(() =>
        {
            Assert.That(string.Join(",", FallbackRules.Untried(Listed, ["sms"], _ => true)), Is.EqualTo("voice,whatsapp"));
            Assert.That(string.Join(",", FallbackRules.Untried(Listed, ["voice"], _ => true)), Is.EqualTo("sms,whatsapp"), "a /resend's channel counts as tried");
            Assert.That(string.Join(",", FallbackRules.Untried(Listed, ["sms"], c => c != "voice")), Is.EqualTo("whatsapp"));
            Assert.That(FallbackRules.Untried(Listed, Listed, _ => true), Is.Empty);
        });
    }

    [TestCase("sms", true)]
    [TestCase("voice", true)]
    [TestCase("whatsapp", false)]
    [TestCase("unlisted", false)]
    public void HasNext_OnlyWhileAChannelFollows(string channel, bool expected) =>
        Assert.That(FallbackRules.HasNext(Listed, channel), Is.EqualTo(expected));

    [TestCase("submitted", "sms", true)]
    [TestCase("unknown", "sms", true)]
    [TestCase("unknown", "voice", false)] // answered: the call under way decides
    [TestCase("delivered", "sms", false)]
    [TestCase("failed", "voice", false)] // its receipt claimed the fallback
    public void MayTimeOut_OnlyWhileTheOutcomeIsOpen(string status, string channel, bool expected) =>
        Assert.That(FallbackRules.MayTimeOut(status, channel), Is.EqualTo(expected));

    [Test]
    public void ArchivedAttempt_ReadsDeliveryTracksCompactForm()
    {
        var attempt = ArchivedAttempt.Read("voice vonage failed 1765000000123 busy 1 1765000000000 f 0A1B2C3D");
        Assert.That(attempt, Is.EqualTo(new ChannelAttemptState("voice", "vonage", "failed", DateTimeOffset.FromUnixTimeMilliseconds(1765000000123), "busy")));
        Assert.That(ArchivedAttempt.Read("sms vonage submitted 1765000000000 - 0 1765000000000 s 0A1B2C3D")!.ErrorCode, Is.Null);
        Assert.That(ArchivedAttempt.Read("sms vonage"), Is.Null, "not the archive's form");
    }

    [Test]
    public void PollInterval_IsATenthOfTheTimeout_Between100msAnd1s()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ChannelTimeoutWorker.PollInterval(TimeSpan.FromSeconds(45)), Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(ChannelTimeoutWorker.PollInterval(TimeSpan.FromSeconds(2)), Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(ChannelTimeoutWorker.PollInterval(TimeSpan.FromMilliseconds(300)), Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        });
    }

    [Test]
    public async Task TheInProcessSchedule_LeasesADueEntryOnce_AndKeepsARescheduledOne()
    {
        var schedule = new InMemoryChannelTimeouts();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
        var slot = new SecureOtp.Api.Otp.VerificationSlot("u", "p");
        await schedule.ScheduleAsync(slot, "idh", now, CancellationToken.None);

        var first = await schedule.LeaseDueAsync(now, TimeSpan.FromSeconds(30), 10, CancellationToken.None);
        var second = await schedule.LeaseDueAsync(now, TimeSpan.FromSeconds(30), 10, CancellationToken.None);
        Assert.That((first.Count, second.Count), Is.EqualTo((1, 0)), "leased to one caller only");

        await schedule.ScheduleAsync(slot, "idh", now.AddSeconds(45), CancellationToken.None); // the fallback's own timeout
        await schedule.DoneAsync(first[0], CancellationToken.None);
        Assert.That(await schedule.CountAsync(CancellationToken.None), Is.EqualTo(1), "a rescheduled entry stays");

        var expired = await schedule.LeaseDueAsync(now.AddSeconds(45), TimeSpan.FromSeconds(30), 10, CancellationToken.None);
        await schedule.DoneAsync(expired[0], CancellationToken.None);
        Assert.That(await schedule.CountAsync(CancellationToken.None), Is.EqualTo(0));
    }
}
