using SecureOtp.Api.Otp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary>Verify against codes issued by the real send service, through a recording store.</summary>
public sealed class OtpVerifyServiceTests
{
    private static readonly object?[] MalformedIds =
        [null, "", "not-an-id", new string('A', 39), new string('A', 41), new string('+', 40), new string('A', 38) + "=="];

    [TestCaseSource(nameof(MalformedIds))]
    public async Task Verify_MalformedVerificationId_IsNotFoundAndTouchesNoStorage(string? verificationId)
    {
        var otp = new OtpHarness();

        var outcome = await otp.VerifyAsync(verificationId, "123456");

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.NotFound>());
        Assert.That(otp.Store.Calls, Is.Empty);
    }

    [Test]
    public async Task Verify_WellFormedButUnknownId_IsNotFoundWithoutAnAttempt()
    {
        var otp = new OtpHarness();

        var outcome = await otp.VerifyAsync(new string('A', 40), "123456");

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.NotFound>());
        Assert.That(otp.Store.Methods.Single(), Is.EqualTo("GetCodeParametersAsync"));
    }

    [Test]
    public async Task Verify_CorrectCode_IsApprovedAndNamesTheUser()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode());

        Assert.That(outcome, Is.EqualTo(new VerifyOutcome.Approved(new VerifyOtpResponse("approved", id, OtpHarness.UserId, "login"))));
    }

    [Test]
    public async Task Verify_CorrectCodeWithTheSameUserId_IsApproved()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);

        Assert.That(await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId), Is.InstanceOf<VerifyOutcome.Approved>());
    }

    [Test]
    public async Task Verify_WrongCode_IsIncorrectWithTheAttemptsLeft()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);

        var outcome = await otp.VerifyAsync(id, otp.WrongCode());

        Assert.That(outcome, Is.EqualTo(new VerifyOutcome.Incorrect(otp.Options.MaxAttempts - 1)));
    }

    [Test]
    public async Task Verify_CorrectCodeWithAnotherUserId_HashesDifferentlyAndIsIncorrect()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);

        var withOtherUser = await otp.VerifyAsync(id, otp.LastSentCode(), "customer-00043");
        var withRightUser = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId);

        Assert.That(withOtherUser, Is.InstanceOf<VerifyOutcome.Incorrect>());
        Assert.That(withRightUser, Is.InstanceOf<VerifyOutcome.Approved>());
        Assert.That(otp.Store.Candidates[1], Is.EqualTo(otp.Store.Started!.CodeHash));
        Assert.That(otp.Store.Candidates[0], Is.Not.EqualTo(otp.Store.Candidates[1]));
    }

    [Test]
    public async Task Verify_LockedVerification_IsLockedWithoutAnAttempt()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.Locked = true;

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode());

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.Locked>());
        Assert.That(otp.Store.Methods, Does.Not.Contain("AttemptAsync"));
    }

    [Test]
    public async Task Verify_CodeOfAnotherVerification_IsIncorrect()
    {
        var otp = new OtpHarness();
        await SendAsync(otp);
        var firstCode = otp.LastSentCode();
        var secondId = await SendAsync(otp, new SendOtpRequest("customer-00043", OtpHarness.Phone));
        Assume.That(otp.LastSentCode(), Is.Not.EqualTo(firstCode));

        Assert.That(await otp.VerifyAsync(secondId, firstCode), Is.InstanceOf<VerifyOutcome.Incorrect>());
    }

    [Test]
    public async Task Verify_AfterHashKeyRotation_ApprovesACodeIssuedUnderTheOldKey()
    {
        var options = TestKeys.ValidOptions();
        options.HashKeys["k2"] = TestKeys.NewSecret();
        var otp = new OtpHarness(options);
        var id = await SendAsync(otp);

        options.ActiveHashKeyId = "k2";
        otp.Keys = TestKeys.Ring(options);
        var outcome = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId);

        Assert.That(otp.Store.Started!.KeyId, Is.EqualTo("k1"));
        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.Approved>());
    }

    [Test]
    public async Task Verify_CodeUnderARetiredKey_IsNotFoundWithoutAnAttempt()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        var replacement = TestKeys.ValidOptions();
        replacement.HashKeys = new(StringComparer.Ordinal) { ["k2"] = TestKeys.NewSecret() };
        replacement.ActiveHashKeyId = "k2";
        otp.Keys = TestKeys.Ring(replacement);

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode());

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.NotFound>());
        Assert.That(otp.Store.Methods, Does.Not.Contain("AttemptAsync"));
    }

    [Test]
    public async Task GetStatus_MalformedId_IsNullAndTouchesNoStorage()
    {
        var otp = new OtpHarness();

        Assert.That(await otp.VerifyService().GetStatusAsync("nope", CancellationToken.None), Is.Null);
        Assert.That(otp.Store.Calls, Is.Empty);
    }

    [Test]
    public async Task Cancel_MalformedId_TouchesNoStorage()
    {
        var otp = new OtpHarness();

        await otp.VerifyService().CancelAsync(OtpHarness.Client, "nope", CancellationToken.None);

        Assert.That(otp.Store.Calls, Is.Empty);
    }

    private static async Task<string> SendAsync(OtpHarness otp, SendOtpRequest? request = null)
    {
        var outcome = await otp.SendAsync(request);
        Assert.That(outcome, Is.InstanceOf<SendOutcome.Sent>());
        return ((SendOutcome.Sent)outcome).Response.VerificationId;
    }
}
