using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Client;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Client;

/// <summary>The .NET client (src/SecureOtp.Client) against the real service on Redis: what it sends is what the service takes, and its typed results are what the service answers.</summary>
[TestFixture(StoreKind.Redis)]
public sealed class SecureOtpClientTests(StoreKind store) : PerStoreFixture(store)
{
    private ServiceProvider services = null!;

    private ISecureOtpClient SecureOtp => services.GetRequiredService<ISecureOtpClient>();

    [OneTimeSetUp]
    public void BuildClient() => services = ClientFor(TestApiKeys.Full);

    [OneTimeTearDown]
    public void DisposeClient() => services.Dispose();

    [Test]
    public async Task A_wrong_code_then_the_right_one_then_a_replay()
    {
        var userId = OtpClient.NewUserId();
        var sent = await SecureOtp.SendAsync(new SendRequest { UserId = userId, PhoneNumber = OtpClient.NewPhone() });
        Assert.That(sent.Succeeded, Is.True, sent.Problem?.ToString());
        var code = await Client.ReadCodeAsync(sent.Value!.VerificationId);

        var wrong = await SecureOtp.VerifyAsync(new VerifyRequest { VerificationId = sent.Value.VerificationId, Code = OtpClient.WrongCode(code), UserId = userId });
        var right = await SecureOtp.VerifyAsync(new VerifyRequest { VerificationId = sent.Value.VerificationId, Code = code, UserId = userId });
        var replay = await SecureOtp.VerifyAsync(new VerifyRequest { VerificationId = sent.Value.VerificationId, Code = code, UserId = userId });

        Assert.That(((IncorrectCode)wrong.Problem!).AttemptsRemaining, Is.EqualTo(sent.Value.MaxAttempts - 1));
        Assert.That(right.Value!.Status, Is.EqualTo("approved"));
        Assert.That(right.Value.UserId, Is.EqualTo(userId));
        Assert.That(replay.Problem, Is.TypeOf<NotFound>());
    }

    [Test]
    public async Task Verify_by_user_and_purpose_approves_and_is_not_found_for_another_tenant()
    {
        var userId = OtpClient.NewUserId();
        var sent = await SecureOtp.SendAsync(new SendRequest { UserId = userId, PhoneNumber = OtpClient.NewPhone(), Purpose = "login" });
        var code = await Client.ReadCodeAsync(sent.Value!.VerificationId);
        await using var stranger = ClientFor(TestApiKeys.OtherTenant);
        var byUser = new VerifyByUserRequest { UserId = userId, Purpose = "login", Code = code };

        var elsewhere = await stranger.GetRequiredService<ISecureOtpClient>().VerifyByUserAsync(byUser);
        var wrong = await SecureOtp.VerifyByUserAsync(new VerifyByUserRequest { UserId = userId, Purpose = "login", Code = OtpClient.WrongCode(code) });
        var approved = await SecureOtp.VerifyByUserAsync(byUser);

        Assert.That(elsewhere.Problem, Is.TypeOf<NotFound>());
        Assert.That(((IncorrectCode)wrong.Problem!).AttemptsRemaining, Is.EqualTo(4));
        Assert.That(approved.Value!.VerificationId, Is.EqualTo(sent.Value.VerificationId));
    }

    [Test]
    public async Task Get_then_cancel_then_the_verification_is_gone()
    {
        var sent = await SecureOtp.SendAsync(new SendRequest { UserId = OtpClient.NewUserId(), PhoneNumber = OtpClient.NewPhone(), Purpose = "checkout" });
        var id = sent.Value!.VerificationId;

        var status = await SecureOtp.GetAsync(id);
        var cancel = await SecureOtp.CancelAsync(id);
        var after = await SecureOtp.GetAsync(id);

        Assert.That((status.Value!.Status, status.Value.Purpose, status.Value.AttemptsRemaining), Is.EqualTo(("pending", "checkout", 5)));
        Assert.That(status.Value.Delivery?.Status, Is.EqualTo("submitted"));
        Assert.That(cancel.Succeeded, Is.True);
        Assert.That(after.Problem, Is.TypeOf<NotFound>());
    }

    [Test]
    public async Task A_send_replayed_with_its_key_texts_once_and_a_resend_within_the_cooldown_is_typed()
    {
        var request = new SendRequest { UserId = OtpClient.NewUserId(), PhoneNumber = OtpClient.NewPhone() };
        var before = await Client.OutboxCountAsync();

        var first = await SecureOtp.SendAsync(request, "key-" + request.UserId);
        var replay = await SecureOtp.SendAsync(request, "key-" + request.UserId);
        var tooSoon = await SecureOtp.SendAsync(request);

        Assert.That(replay.Value!.VerificationId, Is.EqualTo(first.Value!.VerificationId));
        Assert.That(await Client.OutboxCountAsync(), Is.EqualTo(Math.Min(before + 1, 100)));
        Assert.That(((ResendTooSoon)tooSoon.Problem!).RetryAfter, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task Bad_input_is_a_validation_result_naming_the_field()
    {
        var result = await SecureOtp.SendAsync(new SendRequest { UserId = OtpClient.NewUserId(), PhoneNumber = "0044 7911" });

        Assert.That(((ValidationFailed)result.Problem!).Errors.Keys, Has.Member("phoneNumber"));
    }

    [Test]
    public async Task An_unknown_api_key_throws_the_documented_exception_without_the_key()
    {
        await using var stranger = ClientFor("not-a-key-0123456789");

        var thrown = Assert.ThrowsAsync<SecureOtpException>(() => stranger.GetRequiredService<ISecureOtpClient>().GetAsync("x"));

        Assert.That(thrown!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That(thrown.Message, Does.Not.Contain("not-a-key"));
    }

    [Test]
    public async Task The_authenticator_lifecycle_enrol_confirm_verify_replay_recover_delete()
    {
        var userId = OtpClient.NewUserId();
        var enrolled = await SecureOtp.TotpEnrollAsync(new TotpEnrollRequest { UserId = userId, AccountName = "alice@example.com", Issuer = "Acme" });
        Assert.That(enrolled.Value!.QrCodeSvg, Does.StartWith("<svg").Or.StartWith("<?xml"));
        var app = Authenticator.FromUri(enrolled.Value.OtpauthUri);

        var confirmed = await SecureOtp.TotpConfirmAsync(userId, app.CodeAt(App.Clock.GetUtcNow()));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = app.CodeAt(App.Clock.GetUtcNow());
        var verified = await SecureOtp.TotpVerifyAsync(userId, code);
        var replayed = await SecureOtp.TotpVerifyAsync(userId, code);
        var recovered = await SecureOtp.TotpRecoverAsync(userId, confirmed.Value!.RecoveryCodes[0]);
        var status = await SecureOtp.TotpGetAsync(userId);
        var deleted = await SecureOtp.TotpDeleteAsync(userId);
        var gone = await SecureOtp.TotpGetAsync(userId);

        Assert.That(confirmed.Value.RecoveryCodes, Has.Count.EqualTo(10));
        Assert.That(verified.Value!.Status, Is.EqualTo("approved"));
        Assert.That(replayed.Problem, Is.TypeOf<AlreadyUsed>());
        Assert.That(recovered.Value!.RecoveryCodesRemaining, Is.EqualTo(9));
        Assert.That(status.Value!.Status, Is.EqualTo("active"));
        Assert.That(deleted.Succeeded, Is.True);
        Assert.That(gone.Problem, Is.TypeOf<NotEnrolled>());
    }

    private ServiceProvider ClientFor(string apiKey)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSecureOtpClient(o =>
        {
            o.BaseAddress = App.Server.BaseAddress;
            o.ApiKey = apiKey;
        }).ConfigurePrimaryHttpMessageHandler(() => App.Server.CreateHandler());
        return collection.BuildServiceProvider();
    }
}
