using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;
using SecureOtp.Client.Identity;

namespace SecureOtp.Client.Tests;

/// <summary>The Identity token providers delegate codes and secrets to SecureOtp and keep none.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class IdentityProviderTests
{
    private readonly ISecureOtpClient client = Substitute.For<ISecureOtpClient>();
    private readonly UserManager<TestUser> users = Substitute.For<UserManager<TestUser>>(Substitute.For<IUserStore<TestUser>>(), null, null, null, null, null, null, null, null);
    private readonly TestUser user = new();

    [TearDown]
    public void DisposeUsers() => users.Dispose();

    [SetUp]
    public void KnowTheUser()
    {
        users.GetUserIdAsync(user).Returns("user-7");
        users.GetPhoneNumberAsync(user).Returns("+14155550142");
        users.IsPhoneNumberConfirmedAsync(user).Returns(true);
    }

    [Test]
    public async Task Sms_generate_asks_secureotp_to_send_to_the_users_phone_and_returns_no_code()
    {
        SendRequest? sent = null;
        client.SendAsync(Arg.Do<SendRequest>(r => sent = r), null, default).Returns(new OtpResult<SendResponse>(new SendResponse { VerificationId = "v" }));

        var token = await new SecureOtpSmsTokenProvider<TestUser>(client).GenerateAsync("TwoFactor", users, user);

        Assert.That(token, Is.EqualTo(SecureOtpTokenProviders.SentByService));
        Assert.That(sent!.UserId, Is.EqualTo("user-7"));
        Assert.That(sent.PhoneNumber, Is.EqualTo("+14155550142"));
        Assert.That(sent.Purpose, Is.EqualTo("login"));
    }

    [Test]
    public void Sms_generate_reports_a_refusal_with_its_problem()
    {
        client.SendAsync(Arg.Any<SendRequest>(), null, default).Returns(new OtpResult<SendResponse>(new ResendTooSoon(429, null, TimeSpan.FromSeconds(20))));

        var thrown = Assert.ThrowsAsync<SecureOtpSendException>(() => new SecureOtpSmsTokenProvider<TestUser>(client).GenerateAsync("TwoFactor", users, user));

        Assert.That(((ResendTooSoon)thrown!.Problem).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public async Task Sms_validate_verifies_by_user_and_purpose()
    {
        VerifyByUserRequest? asked = null;
        client.VerifyByUserAsync(Arg.Do<VerifyByUserRequest>(r => asked = r), null, default)
            .Returns(new OtpResult<VerifyApproved>(new VerifyApproved { Status = "approved" }), new OtpResult<VerifyApproved>(new IncorrectCode(400, null, 4)));
        var provider = new SecureOtpSmsTokenProvider<TestUser>(client);

        var right = await provider.ValidateAsync("TwoFactor", " 123456 ", users, user);
        var wrong = await provider.ValidateAsync("TwoFactor", "654321", users, user);

        Assert.That((right, wrong), Is.EqualTo((true, false)));
        Assert.That((asked!.UserId, asked.Purpose), Is.EqualTo(("user-7", "login")));
    }

    [Test]
    public async Task Sms_is_offered_only_with_a_confirmed_phone()
    {
        var provider = new SecureOtpSmsTokenProvider<TestUser>(client);
        Assert.That(await provider.CanGenerateTwoFactorTokenAsync(users, user), Is.True);

        users.IsPhoneNumberConfirmedAsync(user).Returns(false);
        Assert.That(await provider.CanGenerateTwoFactorTokenAsync(users, user), Is.False);
    }

    [TestCase("TwoFactor", "login")]
    [TestCase("ChangePhoneNumber:+14155550142", "changephonenumber")]
    [TestCase("Some Purpose!", "somepurpose")]
    [TestCase(":", "login")]
    [TestCase("AVeryLongPurposeNameThatGoesOnAndOnForever", "averylongpurposenamethatgoesonan")]
    public void Identity_purposes_map_onto_valid_secureotp_purposes_without_their_data(string identity, string expected) =>
        Assert.That(SecureOtpPurposes.FromIdentity(identity), Is.EqualTo(expected));

    [Test]
    public async Task The_authenticator_is_offered_when_secureotp_has_an_active_enrolment_and_verifies_there()
    {
        client.TotpGetAsync("user-7", default).Returns(new OtpResult<TotpStatus>(new TotpStatus { Status = "active" }));
        client.TotpVerifyAsync("user-7", "123456", default).Returns(new OtpResult<TotpApproval>(new TotpApproval { Status = "approved" }));
        client.TotpVerifyAsync("user-7", "000000", default).Returns(new OtpResult<TotpApproval>(new AlreadyUsed(409, null)));
        var provider = new SecureOtpAuthenticatorTokenProvider<TestUser>(client);

        Assert.That(await provider.CanGenerateTwoFactorTokenAsync(users, user), Is.True);
        Assert.That(await provider.ValidateAsync("", "123 456", users, user), Is.True);
        Assert.That(await provider.ValidateAsync("", "000000", users, user), Is.False);
    }

    [Test]
    public async Task A_pending_or_missing_enrolment_is_not_offered()
    {
        client.TotpGetAsync("user-7", default).Returns(
            new OtpResult<TotpStatus>(new TotpStatus { Status = "pending" }), new OtpResult<TotpStatus>(new NotEnrolled(404, null)));
        var provider = new SecureOtpAuthenticatorTokenProvider<TestUser>(client);

        Assert.That(await provider.CanGenerateTwoFactorTokenAsync(users, user), Is.False);
        Assert.That(await provider.CanGenerateTwoFactorTokenAsync(users, user), Is.False);
    }

    [Test]
    public async Task A_recovery_code_is_redeemed_with_secureotp_and_never_offered_as_a_factor()
    {
        client.TotpRecoverAsync("user-7", "7KQ2M-XW9TD", default).Returns(new OtpResult<TotpApproval>(new TotpApproval { Status = "approved", RecoveryCodesRemaining = 9 }));
        var provider = new SecureOtpRecoveryCodeTokenProvider<TestUser>(client);

        Assert.That(await provider.ValidateAsync("", "7KQ2M-XW9TD", users, user), Is.True);
        Assert.That(await provider.CanGenerateTwoFactorTokenAsync(users, user), Is.False);
    }

    [Test]
    public void Registration_makes_secureotp_identitys_authenticator_provider()
    {
        var services = new ServiceCollection();
        services.AddIdentityCore<TestUser>().AddSecureOtpTokenProviders<TestUser>();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<IdentityOptions>>().Value;

        Assert.That(options.Tokens.AuthenticatorTokenProvider, Is.EqualTo(SecureOtpTokenProviders.Authenticator));
        Assert.That(options.Tokens.ProviderMap.Keys, Is.SupersetOf((string[])[SecureOtpTokenProviders.Sms, SecureOtpTokenProviders.Recovery]));
    }
}

public sealed class TestUser;
