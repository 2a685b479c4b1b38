using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>
/// Receipts name their delivery by the reference the text carried (Vonage's client-ref, which the outbox imitates): no
/// message-id link is written, a reference that is not exactly ours names nothing, one tenant's reference never reaches
/// another's delivery, and a link written before the upgrade is still read.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
public sealed class DeliveryReferenceTests(StoreKind store)
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
    public async Task AReceipt_FindsItsText_ByTheEchoedReference_AndNoLinkIsWritten()
    {
        var linksBefore = MessageLinks();
        var id = await client.StartAsync(OtpClient.NewUserId());
        var messageId = await ReceiptPoster.MessageIdAsync(client, id);

        using (var response = await vonage.PostAsync(messageId, "delivered"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("delivered"));
        Assert.That(MessageLinks().Except(linksBefore), Is.Empty, "no message-id link after a send");
    }

    /// <summary>The app's message-id link keys in Redis (none kept in process).</summary>
    private List<string> MessageLinks()
    {
        if (store != StoreKind.Redis)
        {
            return [];
        }

        using var redis = RedisSetUp.Server.Connect();
        return [.. redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: app.KeyPrefix + "*").Select(k => k.ToString())
            .Where(k => k.Contains("{m:", StringComparison.Ordinal))];
    }

    [TestCase("not-a-reference")]
    [TestCase("")]
    [TestCase("another token")]
    [TestCase("another verification")]
    [TestCase("not canonical")]
    [TestCase("too long")]
    public async Task AForgedOrMalformedReference_ChangesNothing_AndIsNever5xx(string how)
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        var other = await client.StartAsync(OtpClient.NewUserId());
        var messageId = await ReceiptPoster.MessageIdAsync(client, id);
        var genuine = vonage.Receipt(messageId, "failed", "6")["client-ref"];
        Assert.That(DeliveryReference.TryParse(genuine, out var reference), Is.True);
        Assert.That(VerificationId.TryParse(other, out var otherId), Is.True);
        var forged = how switch
        {
            "another token" => (reference with { Token = "00000000" }).Text,
            "another verification" => (reference with { IdHash = otherId.LookupHash }).Text,
            "not canonical" => genuine[..^1] + (genuine[^1] == 'B' ? 'C' : 'B'),
            "too long" => genuine + "A",
            _ => how,
        };
        var receipt = vonage.Receipt(messageId, "failed", "6");
        receipt["client-ref"] = forged;

        using var response = await vonage.SendAsync(vonage.WithSignature(receipt));

        Assert.That((int)response.StatusCode, Is.LessThan(500));
        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("submitted"), how);
        Assert.That(await ReceiptPoster.StatusAsync(client, other), Is.EqualTo("submitted"), how);
    }

    [Test]
    public async Task AReferenceOfOneTenant_NeverReachesAnotherTenantsDelivery()
    {
        var mine = await client.StartAsync("shared-user");
        var theirs = await OtpClient.For(app, TestApiKeys.OtherTenant).StartAsync("shared-user");
        var myMessage = await ReceiptPoster.MessageIdAsync(client, mine);
        Assert.That(DeliveryReference.TryParse(vonage.Receipt(myMessage, "failed")["client-ref"], out var myReference), Is.True);
        Assert.That(VerificationId.TryParse(theirs, out var theirId), Is.True);

        // My slot tag with their verification's hash: the delivery it names is not theirs (their user tag is another).
        var receipt = vonage.Receipt(myMessage, "failed", "6");
        receipt["client-ref"] = (myReference with { IdHash = theirId.LookupHash }).Text;
        using (var crossed = await vonage.SendAsync(vonage.WithSignature(receipt)))
        {
            Assert.That(crossed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(myReference.UserTag, Is.Not.EqualTo(theirId.Slot.UserTag), "one user id in two tenants is two users");
        Assert.That(await ReceiptPoster.StatusAsync(OtpClient.For(app, TestApiKeys.OtherTenant), theirs), Is.EqualTo("submitted"));
        Assert.That(await ReceiptPoster.StatusAsync(client, mine), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task AMessageLink_WrittenBeforeTheUpgrade_IsStillRead()
    {
        var id = await client.StartAsync(OtpClient.NewUserId());
        Assert.That(VerificationId.TryParse(id, out var verification), Is.True);
        // A text tracked as before references: its message id linked, its receipts carrying no client-ref.
        var messageId = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var key = app.Services.GetRequiredService<PseudonymKey>();
        await app.Services.GetRequiredService<IDeliveryStore>().TrackAsync(new DeliveryTracking(verification,
            [DeliveryRefs.Message(key, ProviderNames.Vonage, messageId)], "44", "login", ProviderNames.Vonage, app.Clock.GetUtcNow(), [],
            TimeSpan.FromMinutes(10)), CancellationToken.None);

        using (var response = await new ReceiptPoster(app.CreateClient(), app.Clock) { Echo = false }.PostAsync(messageId, "delivered"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(await ReceiptPoster.StatusAsync(client, id), Is.EqualTo("delivered"));
    }
}
