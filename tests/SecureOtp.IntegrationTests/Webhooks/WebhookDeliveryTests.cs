using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Webhooks;

/// <summary>
/// Signed event webhooks end to end, on a standalone Redis and a 3-master cluster: events are recorded with the state
/// change, delivered at least once and in order per verification once a failing receiver recovers, every delivery verifies
/// under the Standard Webhooks rules, no body carries a code or a phone number, and one tenant's failing receiver never
/// holds up another tenant's events.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class WebhookDeliveryTests(StoreKind store) : AppsPerTest
{
    private static readonly string[] LockedThenCanceled = ["verification.locked", "verification.canceled"];

    [Test]
    public async Task AReceiverFailingThreeTimes_GetsEveryEventOnceItRecovers_InOrderPerVerification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst("full", 3);
        var secret = WebhookTestSetup.NewSecret();
        var app = Track(new SecureOtpApp(store, WebhookTestSetup.Settings(receiver, new Dictionary<string, string> { ["full"] = secret })));
        var client = OtpClient.For(app);
        var secrets = new List<string>();

        // locked, then canceled: two events of one verification, which must arrive in that order
        var lockedUser = OtpClient.NewUserId();
        var lockedPhone = OtpClient.NewPhone();
        var locked = await client.StartAsync(lockedUser, lockedPhone);
        var lockedCode = await client.ReadCodeAsync(locked);
        secrets.AddRange([lockedCode, lockedPhone, lockedPhone[1..]]);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.VerifyAsync(locked, OtpClient.WrongCode(lockedCode), lockedUser);
        }

        using (var cancel = await client.Http.DeleteAsync($"/otp/{locked}"))
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var approvedUser = OtpClient.NewUserId();
        var approvedPhone = OtpClient.NewPhone();
        var approved = await client.StartAsync(approvedUser, approvedPhone);
        var approvedCode = await client.ReadCodeAsync(approved);
        secrets.AddRange([approvedCode, approvedPhone, approvedPhone[1..]]);
        using (var verified = await client.VerifyAsync(approved, approvedCode, approvedUser))
        {
            Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("full").Count >= 3, "three events delivered", app);

        var accepted = receiver.Accepted("full");
        var byEvent = accepted.GroupBy(r => r.Id).Select(g => g.First()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(receiver.Received.Count(r => r.Status == 500), Is.EqualTo(3), "the receiver failed three times");
            Assert.That(byEvent.Select(e => (e.VerificationId, e.Type)), Is.EquivalentTo(new[]
            {
                (locked, "verification.locked"), (locked, "verification.canceled"), (approved, "verification.approved"),
            }));
            Assert.That(byEvent.Where(e => e.VerificationId == locked).Select(e => e.Type),
                Is.EqualTo(LockedThenCanceled), "in order per verification");
            Assert.That(receiver.Received.Where(r => r.VerificationId == locked).Select(r => r.Type).SkipWhile(t => t == "verification.locked"),
                Has.None.EqualTo("verification.locked"), "no attempt of the later event before the earlier one was delivered");
            var approval = byEvent.Single(e => e.Type == "verification.approved").Json;
            Assert.That(approval["data"]!["userId"]!.GetValue<string>(), Is.EqualTo(approvedUser));
            Assert.That(approval["data"]!["purpose"]!.GetValue<string>(), Is.EqualTo("login"));
            Assert.That(approval["data"]!["channel"]!.GetValue<string>(), Is.EqualTo("sms"));
            Assert.That(byEvent.Single(e => e.Type == "verification.locked").Json["data"]!["userId"]!.GetValue<string>(), Is.EqualTo(lockedUser));
            Assert.That(receiver.Received.Where(r => secrets.Any(s => r.Body.Contains(s, StringComparison.Ordinal))), Is.Empty,
                "no body carries a code or a phone number");
        });
        WebhookTestSetup.AssertAllSigned(receiver, "full", secret, app.Clock.GetUtcNow());
    }

    [Test]
    public async Task ASecondTenantsEvents_AreNotHeldUpByTheFirstTenantsHangingReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang("full");
        var secrets = new Dictionary<string, string> { ["full"] = WebhookTestSetup.NewSecret(), ["other"] = WebhookTestSetup.NewSecret() };
        var app = Track(new SecureOtpApp(store, WebhookTestSetup.Settings(receiver, secrets, timeout: "00:00:30")));

        // more of the hanging tenant's streams than it has deliveries in flight
        for (var i = 0; i < 6; i++)
        {
            await ApproveAsync(app, "full");
        }

        await WebhookTestSetup.WaitUntilAsync(() => receiver.InFlightHangs > 0, "the first tenant's receiver hangs", app);
        var otherVerification = await ApproveAsync(app, "other");

        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("other").Count == 1, "the second tenant's event", app);
        Assert.That(receiver.InFlightHangs, Is.GreaterThan(0), "delivered while the first tenant's deliveries still hang");
        Assert.That(receiver.Accepted("full"), Is.Empty);
        Assert.That(receiver.Accepted("other")[0].VerificationId, Is.EqualTo(otherVerification));
        WebhookTestSetup.AssertAllSigned(receiver, "other", secrets["other"], app.Clock.GetUtcNow());
        receiver.Release("full");
    }

    [Test]
    public async Task DuringARotation_EachDeliveryCarriesOneSignaturePerSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (current, previous) = (WebhookTestSetup.NewSecret(), WebhookTestSetup.NewSecret());
        var settings = WebhookTestSetup.Settings(receiver, new Dictionary<string, string> { ["full"] = current });
        settings["Webhooks:full:PreviousSecrets:0"] = previous;
        var app = Track(new SecureOtpApp(store, settings));

        await ApproveAsync(app, "full");

        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("full").Count == 1, "the event", app);
        var delivery = receiver.Accepted("full")[0];
        Assert.That(delivery.Signature.Split(' '), Has.Length.EqualTo(2));
        WebhookTestSetup.AssertAllSigned(receiver, "full", current, app.Clock.GetUtcNow());
        WebhookTestSetup.AssertAllSigned(receiver, "full", previous, app.Clock.GetUtcNow());
    }

    [Test]
    public async Task AnEndpointAnswering410_IsDisabled_AndOnlyThatTenants()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Gone("full");
        var secrets = new Dictionary<string, string> { ["full"] = WebhookTestSetup.NewSecret(), ["other"] = WebhookTestSetup.NewSecret() };
        var app = Track(new SecureOtpApp(store, WebhookTestSetup.Settings(receiver, secrets)));

        await ApproveAsync(app, "full");
        await WebhookTestSetup.WaitUntilAsync(() => app.LogText().Contains("410 Gone", StringComparison.Ordinal), "the endpoint disabled", app);
        await ApproveAsync(app, "full");
        await ApproveAsync(app, "other");
        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("other").Count == 1, "the other tenant's event", app);

        Assert.That(receiver.Received.Count(r => r.Tenant == "full"), Is.EqualTo(1), "nothing more is sent to a gone endpoint");
        Assert.That(app.LogText(), Does.Contain("tenant=full"));
    }

    [Test]
    public async Task AnAuthenticatorLocked_SendsTotpLocked_NamingTheUserAndNoSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = WebhookTestSetup.NewSecret();
        var app = Track(new SecureOtpApp(store, WebhookTestSetup.Settings(receiver, new Dictionary<string, string> { ["full"] = secret })));
        var totp = TotpClient.For(app);
        var user = OtpClient.NewUserId();
        var (authenticator, recoveryCodes) = await totp.ActivateAsync(user, app.Clock.GetUtcNow());

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await totp.VerifyAsync(user, OtpClient.WrongCode(authenticator.CodeAt(app.Clock.GetUtcNow())));
        }

        await WebhookTestSetup.WaitUntilAsync(() => receiver.Accepted("full").Count == 1, "totp.locked", app);
        var locked = receiver.Accepted("full")[0];
        Assert.That(locked.Type, Is.EqualTo("totp.locked"));
        Assert.That(locked.Json["data"]!["userId"]!.GetValue<string>(), Is.EqualTo(user));
        Assert.That(locked.Body, Does.Not.Contain(authenticator.Base32Secret).And.Not.Contain(recoveryCodes[0]));
        WebhookTestSetup.AssertAllSigned(receiver, "full", secret, app.Clock.GetUtcNow());
    }

    /// <summary>A verification of <paramref name="tenant"/> approved; its id.</summary>
    internal static async Task<string> ApproveAsync(SecureOtpApp app, string tenant)
    {
        var client = OtpClient.For(app, WebhookTestSetup.KeyOf(tenant));
        var user = OtpClient.NewUserId();
        var id = await client.StartAsync(user);
        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), user);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return id;
    }
}
