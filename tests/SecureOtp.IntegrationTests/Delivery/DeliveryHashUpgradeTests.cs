using System.Net;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>
/// A delivery hash an older replica wrote (full cooldown keys in <c>rck</c>/<c>rcm</c>, the derivable fields written out)
/// is still read after the upgrade: Redis only, since it is about the fields of a Redis hash.
/// </summary>
public sealed class DeliveryHashUpgradeTests
{
    private SecureOtpApp app = null!;
    private OtpClient client = null!;
    private ReceiptPoster vonage = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new SecureOtpApp(StoreKind.Redis, ReceiptPoster.Settings());
        client = OtpClient.For(app);
        vonage = new ReceiptPoster(app.CreateClient(), app.Clock);
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [Test]
    public async Task ADeliveryHash_WrittenBeforeTheShrink_StillLiftsTheCooldownOfAFailedText()
    {
        var (userId, phone) = (OtpClient.NewUserId(), OtpClient.NewPhone());
        var id = await client.StartAsync(userId, phone);
        Assert.That(VerificationId.TryParse(id, out var verification), Is.True);
        using var redis = RedisSetUp.Server.Connect();
        var db = redis.GetDatabase();
        StackExchange.Redis.RedisKey key = $"{app.KeyPrefix}:{{{verification.Slot.UserTag}}}:dl:{verification.LookupHash}";
        var compact = (string?)await db.HashGetAsync(key, "rc");
        Assert.That(compact, Is.Not.Null, "a send keeps its cooldown entry compact");
        // As an older replica wrote it: the full log keys and the member apart, the derivable fields written out.
        var entries = CooldownEntries.Expand(compact!);
        await db.HashDeleteAsync(key, "rc");
        await db.HashSetAsync(key, [new("rck", string.Join(' ', entries.Select(e => e.Key))), new("rcm", entries[0].Member),
            new("up", (string?)await db.HashGetAsync(key, "sub")), new("na", 0), new("ch", "sms")]);

        using (var failed = await vonage.PostAsync(await ReceiptPoster.MessageIdAsync(client, id), "failed", errCode: "1"))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var resend = await client.SendAsync(userId, phone);
        Assert.That(resend.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await resend.Content.ReadAsStringAsync());
    }
}
