using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Channels;

/// <summary>
/// Issue 24, <c>Delivery:ChannelTimeout</c>: a text that stays silent falls back to the next channel ONCE, with three
/// replicas on one Redis all polling the schedule; a delivered text does not. The replicas share one fake clock (its
/// timers are real, so each replica's poll runs on its own; the clock decides what is due).
/// </summary>
[NonParallelizable]
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class FallbackTimeoutTests(StoreKind store) : ChannelFixture
{
    /// <summary>A bound on the wait for a replica's poll (every 200 ms with a 2 s timeout) to act.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly List<SecureOtpApp> replicas = [];

    [TearDown]
    public void StopReplicas() => replicas.Clear(); // disposed by AppsPerTest

    [Test]
    public async Task ASilentText_FallsBackOnce_WithThreeReplicas()
    {
        using var capture = new TelemetryCapture();
        StartReplicas(3);
        var (userId, phone) = (OtpClient.NewUserId(), ChannelSendTests.UkPhone());
        var id = await SendAsync(replicas[1], userId, phone);
        var texted = ResendTests.CodePattern().Match((await Fake.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;

        replicas[0].Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty, "not before the timeout");

        replicas[0].Clock.Advance(TimeSpan.FromSeconds(2));
        await WaitForAsync(async () => (await Fake.ChannelRequestsAsync("voice", phone[1..])).Count > 0);
        // Give every replica several more polls, the clock past any lease, to fire it again if it could.
        replicas[0].Clock.Advance(TimeSpan.FromSeconds(40));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var calls = await Fake.ChannelRequestsAsync("voice", phone[1..]);
        Assert.That(calls, Has.Count.EqualTo(1), "exactly one call across three replicas");
        Assert.That(FakeVonageServer.SpokenCode(calls.Single()!), Is.EqualTo(texted));
        Assert.That(FallbackTests.Fallbacks(capture), Is.EqualTo("sms>voice timeout"));
        Assert.That(FallbackTests.Attempts(await ReceiptPoster.DeliveryAsync(OtpClient.For(replicas[2]), id)),
            Is.EqualTo("sms vonage submitted -, voice vonage submitted -"));
        using var verify = await OtpClient.For(replicas[0]).VerifyAsync(id, texted, userId);
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ADeliveredText_DoesNotTimeOut()
    {
        StartReplicas(2);
        var phone = ChannelSendTests.UkPhone();
        await SendAsync(replicas[0], OtpClient.NewUserId(), phone);
        var text = (await Fake.MessagesAsync(phone[1..])).Single()!;
        using (var delivered = await new ReceiptPoster(replicas[1].CreateClient(), replicas[1].Clock).PostAsync(text, "delivered"))
        {
            Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        replicas[0].Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.That(await Fake.ChannelRequestsAsync("voice", phone[1..]), Is.Empty);
    }

    private void StartReplicas(int count)
    {
        var settings = FallbackTests.WithSignedReceipts(Keys.ServiceSettings(Fake));
        settings["Redis:KeyPrefix"] = "fb" + Guid.NewGuid().ToString("N")[..10];
        settings["Delivery:ChannelTimeout"] = "00:00:02";
        var clock = SecureOtpApp.NewClock();
        for (var i = 0; i < count; i++)
        {
            replicas.Add(Track(new SecureOtpApp(store, settings, clock: clock)));
        }
    }

    private static async Task<string> SendAsync(SecureOtpApp app, string userId, string phone)
    {
        using var response = await ChannelSendTests.SendAsync(app, userId, phone, ["sms", "voice"]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await OtpClient.ReadJson(response))["verificationId"]!.GetValue<string>();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var waited = TimeSpan.Zero; !await condition(); waited += Step)
        {
            Assert.That(waited, Is.LessThan(Patience), "nothing happened within the bound");
            await Task.Delay(Step);
        }
    }
}
