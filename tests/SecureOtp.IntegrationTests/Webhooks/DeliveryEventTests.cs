using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Webhooks;

/// <summary>
/// <c>delivery.delivered</c> and <c>delivery.failed</c>, on a standalone Redis and a 3-master cluster: a signed receipt that
/// settles a text records the event in the receipt's own script, once (a repeat records nothing), with the tenant and
/// verification sealed at send time; the body names the delivery's provider, status and error code, never a code or a
/// phone number, and verifies under the Standard Webhooks rules.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class DeliveryEventTests(StoreKind store) : AppsPerTest
{
    private static readonly string[] DeliveredThenCanceled = ["delivery.delivered", "verification.canceled"];

    [Test]
    public async Task ADeliveredReceipt_SendsDeliveryDeliveredOnce_AndARepeatNothingMore()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = WebhookTestSetup.NewSecret();
        var (app, client, vonage) = Start(receiver, secret);
        var (user, phone, id, code) = await SendAsync(client);
        var messageId = await ReceiptPoster.MessageIdAsync(client, id);

        await PostAsync(vonage, messageId, "delivered");
        await PostAsync(vonage, messageId, "delivered");
        // a later event of the same user's stream: delivered in order after any delivery event the repeat recorded
        using (var cancel = await client.Http.DeleteAsync($"/otp/{id}"))
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("full").Any(r => r.Type == "verification.canceled"), "the cancel's event", app);
        var events = receiver.Accepted("full").Where(r => r.VerificationId == id).ToList();
        var delivered = events[0].Json["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(DeliveredThenCanceled), "one delivery.delivered, then the cancel");
            Assert.That(delivered["userId"]!.GetValue<string>(), Is.EqualTo(user));
            Assert.That(delivered["purpose"]!.GetValue<string>(), Is.EqualTo("login"));
            Assert.That(delivered["channel"]!.GetValue<string>(), Is.EqualTo("sms"));
            Assert.That(delivered["status"]!.GetValue<string>(), Is.EqualTo("delivered"));
            Assert.That(delivered["provider"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(delivered["errorCode"], Is.Null);
        });
        AssertNoSecrets(receiver, code, phone);
        WebhookTestSetup.AssertAllSigned(receiver, "full", secret, app.Clock.GetUtcNow());
    }

    [Test]
    public async Task AFailedReceipt_SendsDeliveryFailed_WithItsErrorCode()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = WebhookTestSetup.NewSecret();
        var (app, client, vonage) = Start(receiver, secret);
        var (user, phone, id, code) = await SendAsync(client);

        await PostAsync(vonage, await ReceiptPoster.MessageIdAsync(client, id), "failed", errCode: "6");

        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("full").Count == 1, "delivery.failed", app);
        var failed = receiver.Accepted("full")[0];
        Assert.Multiple(() =>
        {
            Assert.That(failed.Type, Is.EqualTo("delivery.failed"));
            Assert.That(failed.VerificationId, Is.EqualTo(id));
            Assert.That(failed.Json["data"]!["userId"]!.GetValue<string>(), Is.EqualTo(user));
            Assert.That(failed.Json["data"]!["status"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(failed.Json["data"]!["errorCode"]!.GetValue<string>(), Is.EqualTo("6"));
        });
        AssertNoSecrets(receiver, code, phone);
        WebhookTestSetup.AssertAllSigned(receiver, "full", secret, app.Clock.GetUtcNow());
    }

    private (SecureOtpApp App, OtpClient Client, ReceiptPoster Vonage) Start(WebhookReceiver receiver, string secret)
    {
        var settings = WebhookTestSetup.Settings(receiver, new Dictionary<string, string> { ["full"] = secret });
        foreach (var (key, value) in ReceiptPoster.Settings())
        {
            settings[key] = value;
        }

        var app = Track(new SecureOtpApp(store, settings));
        return (app, OtpClient.For(app), new ReceiptPoster(app.CreateClient(), app.Clock));
    }

    private static async Task<(string User, string Phone, string Id, string Code)> SendAsync(OtpClient client)
    {
        var (user, phone) = (OtpClient.NewUserId(), OtpClient.NewPhone());
        var id = await client.StartAsync(user, phone);
        return (user, phone, id, await client.ReadCodeAsync(id));
    }

    private static async Task PostAsync(ReceiptPoster vonage, string messageId, string status, string errCode = "0")
    {
        using var response = await vonage.PostAsync(messageId, status, errCode);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
    }

    private static void AssertNoSecrets(WebhookReceiver receiver, string code, string phone) =>
        Assert.That(receiver.Received.Where(r => new[] { code, phone, phone[1..] }.Any(s => r.Body.Contains(s, StringComparison.Ordinal))), Is.Empty,
            "no body carries a code or a phone number");
}
