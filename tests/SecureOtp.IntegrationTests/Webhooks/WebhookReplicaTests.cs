using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Webhooks;

/// <summary>Two replicas on one Redis: one stopped while its delivery is in flight loses no event, the other delivers it.</summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class WebhookReplicaTests(StoreKind store) : AppsPerTest
{

    [Test]
    public async Task AReplicaStoppedMidDelivery_LosesNoEvent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang("full");
        var secret = WebhookTestSetup.NewSecret();
        var first = new SecureOtpApp(store, WebhookTestSetup.Settings(receiver, new Dictionary<string, string> { ["full"] = secret }, timeout: "00:00:02"));
        var firstStopped = false;
        try
        {
            var verification = await WebhookDeliveryTests.ApproveAsync(first, "full");
            await WebhookTestSetup.WaitUntilAsync(() => receiver.InFlightHangs == 1, "the first replica's delivery in flight", first);

            var settings = WebhookTestSetup.Settings(receiver, new Dictionary<string, string> { ["full"] = secret }, timeout: "00:00:02");
            settings["Redis:KeyPrefix"] = first.KeyPrefix;
            var second = Track(new SecureOtpApp(store, settings));
            _ = second.Services; // started: its dispatcher runs
            first.Dispose(); // its delivery is still hanging: stopped mid-delivery
            firstStopped = true;
            receiver.Release("full");

            await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("full").Count >= 1, "the event, delivered by the second replica", second);
            Assert.That(receiver.Received.Count(r => r.Tenant == "full"), Is.GreaterThanOrEqualTo(2), "the first replica's attempt, then the second's");
            Assert.That(receiver.Received[0].Status, Is.Not.EqualTo(204), "the first replica's attempt never completed");
            Assert.That(receiver.Accepted("full").Select(r => r.VerificationId).Distinct(), Is.EqualTo(new[] { verification }));
            WebhookTestSetup.AssertAllSigned(receiver, "full", secret, second.Clock.GetUtcNow());
        }
        finally
        {
            if (!firstStopped)
            {
                first.Dispose();
            }
        }
    }
}
