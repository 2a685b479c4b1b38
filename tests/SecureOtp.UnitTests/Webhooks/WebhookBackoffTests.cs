using SecureOtp.Api.Webhooks;

namespace SecureOtp.UnitTests.Webhooks;

public sealed class WebhookBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Far = Now.AddDays(1);
    private static readonly WebhookOptions Defaults = new();

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(30, 3600)] // doubling stops at Webhooks:MaxRetryDelay
    public void NextTry_IsAFullJitterBelowTheDoublingCeiling(int failures, int ceilingSeconds)
    {
        for (var i = 0; i < 200; i++)
        {
            var wait = WebhookBackoff.NextTry(failures, Now, Far, null, Defaults) - Now;
            Assert.That(wait, Is.InRange(TimeSpan.Zero, TimeSpan.FromSeconds(ceilingSeconds)));
        }
    }

    [Test]
    public void NextTry_NeverSoonerThanRetryAfter()
    {
        var wait = WebhookBackoff.NextTry(1, Now, Far, TimeSpan.FromMinutes(10), Defaults) - Now;

        Assert.That(wait, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void NextTry_NeverPastTheRetryAge_SoTheLastTryHappensThen() =>
        Assert.That(WebhookBackoff.NextTry(1, Now, Now.AddSeconds(1), TimeSpan.FromMinutes(10), Defaults), Is.EqualTo(Now.AddSeconds(1)));
}
