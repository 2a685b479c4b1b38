using SecureOtp.Api.Security;
using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

/// <summary>The TOTP service over the in-process store (the semantics of the Lua scripts), with a clock the tests move.</summary>
public sealed class TotpServiceTests
{
    [Test]
    public async Task Enroll_ReturnsAPendingSecret_TheOtpauthUriAndAnSvgQrCode()
    {
        var totp = new TotpHarness();

        var outcome = await totp.Service.EnrollAsync(new TotpEnrollCommand(TotpHarness.Caller, "alice", "alice@example.com", "Acme Co"), CancellationToken.None);

        var body = outcome.Body();
        Assert.That(body.Status, Is.EqualTo("pending"));
        Assert.That(body.Secret, Does.Match("^[A-Z2-7]{32}$"), "160 bits in Base32");
        Assert.That(body.OtpauthUri, Is.EqualTo(
            $"otpauth://totp/Acme%20Co:alice%40example.com?secret={body.Secret}&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30"));
        Assert.That(body.QrCodeSvg, Does.StartWith("<svg").And.Contain("</svg>"));
    }

    [Test]
    public async Task Confirm_WithTheCurrentCode_ActivatesAndGivesTenRecoveryCodes()
    {
        var totp = new TotpHarness();
        var secret = await totp.EnrollAsync();

        var confirmed = await totp.ConfirmAsync(totp.Code(secret));

        Assert.That(confirmed.Kind, Is.EqualTo(TotpConfirmOutcomeKind.Activated));
        Assert.That(confirmed.Body().RecoveryCodes, Has.Length.EqualTo(10));
        var status = await totp.Service.GetStatusAsync(TotpHarness.Caller, TotpHarness.UserId, CancellationToken.None);
        Assert.That(status!.Status, Is.EqualTo("active"));
    }

    [Test]
    public async Task TheConfirmingCode_CannotThenBeUsedToVerify()
    {
        var totp = new TotpHarness();
        var secret = await totp.EnrollAsync();
        var code = totp.Code(secret);
        await totp.ConfirmAsync(code);

        Assert.That((await totp.VerifyAsync(code)).Kind, Is.EqualTo(TotpVerifyOutcomeKind.CodeAlreadyUsed));
    }

    [Test]
    public async Task Verify_ApprovesACodeOnce_AndRefusesItsReplayWithoutCountingIt()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        var code = totp.Code(secret);

        var first = await totp.VerifyAsync(code);
        var replay = await totp.VerifyAsync(code);
        var wrong = await totp.VerifyAsync(totp.WrongCode(secret));

        Assert.That(first.Kind, Is.EqualTo(TotpVerifyOutcomeKind.Approved));
        Assert.That(replay.Kind, Is.EqualTo(TotpVerifyOutcomeKind.CodeAlreadyUsed));
        Assert.That(wrong.AttemptsRemaining(), Is.EqualTo(4), "the replay was not counted as a failure");
    }

    [Test]
    public async Task Verify_AnOlderStepThanTheLastAccepted_IsRefusedAsUsed()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        var previous = totp.Code(secret, -1);

        Assert.That((await totp.VerifyAsync(totp.Code(secret, 1))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.Approved));
        Assert.That((await totp.VerifyAsync(previous)).Kind, Is.EqualTo(TotpVerifyOutcomeKind.CodeAlreadyUsed));
    }

    [TestCase(-1, true)]
    [TestCase(1, true)]
    [TestCase(-2, false)]
    [TestCase(2, false)]
    public async Task Verify_AcceptsExactlyTheConfiguredSkew(int stepOffset, bool accepted)
    {
        var expected = accepted ? TotpVerifyOutcomeKind.Approved : TotpVerifyOutcomeKind.IncorrectCode;
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        totp.Clock.Advance(TimeSpan.FromMinutes(5)); // the confirming step is long past, so -1 is a fresh step

        Assert.That((await totp.VerifyAsync(totp.Code(secret, stepOffset))).Kind, Is.EqualTo(expected));
    }

    [Test]
    public async Task Verify_WithSkewZero_AcceptsOnlyTheCurrentStep()
    {
        var totp = new TotpHarness(WithKey(new TotpOptions { AllowedSkewSteps = 0 }));
        var (secret, _) = await totp.ActivateAsync();
        totp.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That((await totp.VerifyAsync(totp.Code(secret, -1))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.IncorrectCode));
        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.Approved));
    }

    [Test]
    public async Task AfterMaxAttempts_EvenTheRightCodeIsLocked_UntilTheLockDurationPasses()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        for (var i = 4; i >= 0; i--)
        {
            var wrong = await totp.VerifyAsync(totp.WrongCode(secret));
            Assert.That((wrong.Kind, wrong.AttemptsRemaining()), Is.EqualTo((TotpVerifyOutcomeKind.IncorrectCode, i)));
        }

        var locked = await totp.VerifyAsync(totp.Code(secret));
        Assert.That(locked.Kind, Is.EqualTo(TotpVerifyOutcomeKind.Locked));
        Assert.That(locked.RetryAfter(), Is.EqualTo(TimeSpan.FromMinutes(15)));

        totp.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.Locked));
        totp.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.Approved));
        Assert.That((await totp.VerifyAsync(totp.WrongCode(secret))).AttemptsRemaining(), Is.EqualTo(4), "a fresh run of attempts");
    }

    [Test]
    public async Task ARightCode_ResetsTheConsecutiveFailures()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        await totp.VerifyAsync(totp.WrongCode(secret));
        await totp.VerifyAsync(totp.WrongCode(secret));

        await totp.VerifyAsync(totp.Code(secret));

        Assert.That((await totp.VerifyAsync(totp.WrongCode(secret))).AttemptsRemaining(), Is.EqualTo(4));
    }

    [Test]
    public async Task AtTheSharedFailureCap_VerifyRefuses_AndTotpFailuresCountTowardIt()
    {
        var totp = new TotpHarness();
        totp.LimitOptions.FailedVerifiesPerUserPerDay = 3;
        var (secret, _) = await totp.ActivateAsync();
        var tag = totp.User().Tag;
        totp.FailedVerifies.Add(tag, totp.Clock.GetUtcNow()); // two SMS failures of the same user
        totp.FailedVerifies.Add(tag, totp.Clock.GetUtcNow());

        Assert.That((await totp.VerifyAsync(totp.WrongCode(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.IncorrectCode));
        var capped = await totp.VerifyAsync(totp.Code(secret));

        Assert.That(capped.Kind, Is.EqualTo(TotpVerifyOutcomeKind.RateLimited));
        Assert.That(capped.RetryAfter(), Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(capped.Limit(), Is.EqualTo("user_failed_verifies_per_day"), "the cap's name, as the SMS verify gives it");
        Assert.That(totp.FailedVerifies.Refusal(tag, new Api.Risk.Limits.FailureCap(3, TimeSpan.FromDays(1)), totp.Clock.GetUtcNow()), Is.Not.Null);
    }

    [Test]
    public async Task RecoveryCodes_EachWorkOnce()
    {
        var totp = new TotpHarness();
        var (_, codes) = await totp.ActivateAsync();

        var first = await totp.RecoverAsync(codes[0]);
        var again = await totp.RecoverAsync(codes[0]);
        var second = await totp.RecoverAsync(codes[1].ToLowerInvariant());

        Assert.That((first.Kind, first.Body().RecoveryCodesRemaining), Is.EqualTo((TotpRecoverOutcomeKind.Approved, 9)));
        Assert.That((again.Kind, again.AttemptsRemaining()), Is.EqualTo((TotpRecoverOutcomeKind.IncorrectCode, 4)));
        Assert.That((second.Kind, second.Body().RecoveryCodesRemaining), Is.EqualTo((TotpRecoverOutcomeKind.Approved, 8)));
    }

    [Test]
    public async Task ReEnrollingWhilePending_ReplacesTheSecret()
    {
        var totp = new TotpHarness();
        var first = await totp.EnrollAsync();
        var second = await totp.EnrollAsync();

        Assert.That((await totp.ConfirmAsync(totp.Code(first))).Kind, Is.EqualTo(TotpConfirmOutcomeKind.IncorrectCode));
        Assert.That((await totp.ConfirmAsync(totp.Code(second))).Kind, Is.EqualTo(TotpConfirmOutcomeKind.Activated));
    }

    [Test]
    public async Task ReEnrollingWhileActive_IsRefused_AndConfirmingAgainToo()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();

        var again = await totp.Service.EnrollAsync(new TotpEnrollCommand(TotpHarness.Caller, TotpHarness.UserId, "x", "Acme"), CancellationToken.None);

        Assert.That(again.Kind, Is.EqualTo(TotpEnrollOutcomeKind.AlreadyEnrolled));
        Assert.That((await totp.ConfirmAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpConfirmOutcomeKind.AlreadyEnrolled));
    }

    [Test]
    public async Task APendingEnrolment_ExpiresAfterPendingTtl()
    {
        var totp = new TotpHarness();
        var secret = await totp.EnrollAsync();

        totp.Clock.Advance(totp.Options.PendingTtl);

        Assert.That((await totp.ConfirmAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpConfirmOutcomeKind.NotEnrolled));
    }

    [Test]
    public async Task VerifyOrRecover_OfAPendingEnrolment_IsNotEnrolled()
    {
        var totp = new TotpHarness();
        var secret = await totp.EnrollAsync();

        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.NotEnrolled));
        Assert.That((await totp.RecoverAsync("ABCDE-FGHJK")).Kind, Is.EqualTo(TotpRecoverOutcomeKind.NotEnrolled));
    }

    [Test]
    public async Task AnotherTenantsUserOfTheSameId_IsAnotherUser()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        var stranger = new ApiCaller("other-client", "other-tenant");

        Assert.That((await totp.VerifyAsync(totp.Code(secret), caller: stranger)).Kind, Is.EqualTo(TotpVerifyOutcomeKind.NotEnrolled));
        Assert.That(await totp.Service.GetStatusAsync(stranger, TotpHarness.UserId, CancellationToken.None), Is.Null);
        await totp.Service.DeleteAsync(stranger, TotpHarness.UserId, CancellationToken.None);
        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.Approved), "nothing of the owner's changed");
    }

    [Test]
    public async Task Delete_RemovesTheEnrolment_AndIsIdempotent()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();

        await totp.Service.DeleteAsync(TotpHarness.Caller, TotpHarness.UserId, CancellationToken.None);
        await totp.Service.DeleteAsync(TotpHarness.Caller, TotpHarness.UserId, CancellationToken.None);

        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.NotEnrolled));
        Assert.That((await totp.Service.EnrollAsync(new TotpEnrollCommand(TotpHarness.Caller, TotpHarness.UserId, "x", "Acme"), CancellationToken.None)).Kind,
            Is.EqualTo(TotpEnrollOutcomeKind.Enrolled));
    }

    [Test]
    public async Task Status_ShowsCreatedAndLastUsed_AndNeverTheSecret()
    {
        var totp = new TotpHarness();
        var (secret, _) = await totp.ActivateAsync();
        await totp.VerifyAsync(totp.Code(secret));

        var status = await totp.Service.GetStatusAsync(TotpHarness.Caller, TotpHarness.UserId, CancellationToken.None);

        Assert.That(status, Is.EqualTo(new TotpStatusResponse("active", TestTime.Start, totp.Clock.GetUtcNow())));
    }

    private static TotpOptions WithKey(TotpOptions options)
    {
        options.SecretKeys["t1"] = TestKeys.NewSecret();
        options.ActiveSecretKeyId = "t1";
        return options;
    }
}
