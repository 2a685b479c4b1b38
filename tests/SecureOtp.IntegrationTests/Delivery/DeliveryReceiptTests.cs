using System.Net;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>
/// The receipt webhook on each store, with the Development outbox as the "provider" (it names each text with a message
/// id) and receipts posted as Vonage would post them. Every refusal is checked to change nothing, and nothing here is
/// ever answered with a 5xx.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class DeliveryReceiptTests(StoreKind store)
{
    private SecureOtpApp app = null!;
    private OtpClient client = null!;
    private ReceiptPoster vonage = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new SecureOtpApp(store, ReceiptPoster.Settings());
        client = OtpClient.For(app);
        vonage = new ReceiptPoster(app.CreateClient(), app.Clock);
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [Test]
    public async Task NewText_IsSubmitted_UntilAReceiptComes()
    {
        var id = await client.StartAsync(OtpClient.NewUserId());

        var delivery = await ReceiptPoster.DeliveryAsync(client, id);
        Assert.That(delivery["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
        Assert.That(delivery["updatedAt"], Is.Not.Null);
        Assert.That(delivery.ContainsKey("errorCode"), Is.False);
    }

    [TestCase("form")]
    [TestCase("json")]
    [TestCase("get")]
    public async Task SignedDeliveredReceipt_InEachFormat_MarksTheTextDelivered(string format)
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        var messageId = await ReceiptPoster.MessageIdAsync(client, id);

        using var response = await vonage.PostAsync(messageId, "delivered", format: format);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("delivered"));
    }

    [Test]
    public async Task FailedReceipt_ShowsTheErrorCode_AndARepeatChangesNothing()
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        var messageId = await ReceiptPoster.MessageIdAsync(client, id);
        using (var first = await vonage.PostAsync(messageId, "failed", errCode: "6"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var before = await ReceiptPoster.DeliveryAsync(client, id);
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        using (var repeat = await vonage.PostAsync(messageId, "failed", errCode: "6"))
        using (var late = await vonage.PostAsync(messageId, "accepted"))
        {
            Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "Vonage must not retry a duplicate");
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var after = await ReceiptPoster.DeliveryAsync(client, id);
        Assert.Multiple(() =>
        {
            Assert.That(before["status"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(before["errorCode"]!.GetValue<string>(), Is.EqualTo("6"));
            Assert.That(after.ToJsonString(), Is.EqualTo(before.ToJsonString()), "neither the repeat nor older news changed anything");
        });
    }

    [Test]
    public async Task FailedReceipt_LiftsTheResendCooldown_ForThatPhone()
    {
        var userId = OtpClient.NewUserId();
        var phone = OtpClient.NewPhone();
        var id = await client.StartAsync(userId, phone);
        using (var tooSoon = await client.SendAsync(userId, phone))
        using (var otherPurpose = await client.SendAsync(OtpClient.NewUserId(), phone, purpose: "signup"))
        {
            Assert.That(tooSoon.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the cooldown holds before the receipt");
            Assert.That(otherPurpose.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "per (tenant, phone), across purposes");
        }

        using (var failed = await vonage.PostAsync(await ReceiptPoster.MessageIdAsync(client, id), "failed", errCode: "1"))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var resend = await client.SendAsync(userId, phone);
        Assert.That(resend.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await resend.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task DeliveredReceipt_LeavesTheCooldownInPlace()
    {
        var userId = OtpClient.NewUserId();
        var phone = OtpClient.NewPhone();
        var id = await client.StartAsync(userId, phone);
        using (await vonage.PostAsync(await ReceiptPoster.MessageIdAsync(client, id), "delivered"))
        {
        }

        using var resend = await client.SendAsync(userId, phone);
        Assert.That(resend.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task FailedReceipt_OfOneTenant_LeavesAnotherTenantsTextAndCooldownAlone()
    {
        var phone = OtpClient.NewPhone();
        var other = OtpClient.For(app, TestApiKeys.OtherTenant);
        var mine = await client.StartAsync(OtpClient.NewUserId(), phone);
        var theirs = await other.StartAsync(OtpClient.NewUserId(), phone);

        using (await vonage.PostAsync(await ReceiptPoster.MessageIdAsync(client, mine), "failed"))
        {
        }

        using var theirResend = await other.SendAsync(OtpClient.NewUserId(), phone);
        var theirStatus = await ReceiptPoster.StatusAsync(other, theirs);
        Assert.Multiple(() =>
        {
            Assert.That(theirStatus, Is.EqualTo("submitted"));
            Assert.That(theirResend.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "their cooldown still holds");
        });
    }

    /// <param name="forgery">wrong: a made-up sig; tampered: signed as delivered, sent as failed; missing: no sig.</param>
    [TestCase("wrong")]
    [TestCase("tampered")]
    [TestCase("missing")]
    public async Task UnsignedOrForgedReceipt_Is401_AndChangesNothing(string forgery)
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        var receipt = vonage.Receipt(await ReceiptPoster.MessageIdAsync(client, id), forgery == "tampered" ? "delivered" : "failed");
        if (forgery != "missing")
        {
            vonage.WithSignature(receipt);
        }

        if (forgery == "wrong")
        {
            receipt["sig"] = new string('0', receipt["sig"].Length);
        }
        else if (forgery == "tampered")
        {
            receipt["status"] = "failed";
        }

        using var response = await vonage.SendAsync(receipt);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_signature");
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
    }

    [TestCase(-6)]
    [TestCase(6)]
    public async Task TimestampMoreThanFiveMinutesOff_Is401_AndChangesNothing(int minutes)
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        var stale = vonage.Receipt(await ReceiptPoster.MessageIdAsync(client, id), "failed", timestamp: app.Clock.GetUtcNow().AddMinutes(minutes));

        using var response = await vonage.SendAsync(vonage.WithSignature(stale));

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "stale_timestamp");
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task UnknownMessageId_Is204_AndChangesNothing()
    {
        var id = await client.StartAsync(OtpClient.NewUserId());

        using var response = await vonage.PostAsync("0A0000000000FFFF", "failed");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "Vonage must not retry a receipt we can never use");
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
    }

    [TestCase("not json at all", "application/json")]
    [TestCase("[1,2,3]", "application/json")]
    [TestCase("{\"messageId\":{\"nested\":1}}", "application/json")]
    [TestCase("messageId=1&messageId=2", "application/x-www-form-urlencoded")]
    [TestCase("<dlr/>", "application/xml")]
    public async Task UnreadableBody_Is400ProblemJson(string body, string contentType)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await app.CreateClient().PostAsync(DeliveryReceiptApi.Path, content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [TestCase("messageId", "")]
    [TestCase("messageId", "not an id!")]
    [TestCase("status", "read")]
    [TestCase("err-code", "abc")]
    public async Task SignedButMalformedReceipt_Is400_AndChangesNothing(string field, string value)
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        var receipt = vonage.Receipt(await ReceiptPoster.MessageIdAsync(client, id), "failed");
        receipt[field] = value;

        using var response = await vonage.SendAsync(vonage.WithSignature(receipt));

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task OversizedBody_Is413()
    {
        using var content = new StringContent("messageId=" + new string('A', 20_000), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await app.CreateClient().PostAsync(DeliveryReceiptApi.Path, content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task Receipt_NeedsNoApiKey()
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        using var anonymous = app.CreateClient();

        using var response = await new ReceiptPoster(anonymous, app.Clock).PostAsync(await ReceiptPoster.MessageIdAsync(client, id), "delivered");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
