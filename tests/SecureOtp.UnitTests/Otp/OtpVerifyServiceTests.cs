using SecureOtp.Api.Otp;
using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary>Verify against codes issued by the real send service, through a recording store.</summary>
public sealed class OtpVerifyServiceTests
{
    private static readonly string[] BothKeyIds = ["k1", "k2"];

    // Malformed ids never get here: RequestValidation answers them 400 (RequestValidationVerifyTests).
    [Test]
    public async Task Verify_WellFormedButUnknownId_IsNotFoundInOneStoreCall()
    {
        var otp = new OtpHarness();

        var outcome = await otp.VerifyAsync(new string('A', 40), "123456");

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.NotFound>());
        Assert.That(otp.Store.Methods.Single(), Is.EqualTo("AttemptAsync"));
    }

    [Test]
    public async Task Verify_HashesThePresentedCodeUnderEveryConfiguredKey_InOneStoreCall()
    {
        var options = TestKeys.ValidOptions();
        options.HashKeys["k2"] = TestKeys.NewSecret();
        var otp = new OtpHarness(options);
        var id = await SendAsync(otp);
        otp.Store.Calls.Clear();

        await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId);

        var candidates = (IReadOnlyList<CodeCandidate>)otp.Store.Calls.Single().Arguments[2]!;
        Assert.That(candidates.Select(c => c.KeyId), Is.EquivalentTo(BothKeyIds));
        Assert.That(candidates.Single(c => c.KeyId == "k1").CodeHash, Is.EqualTo(otp.Store.Started!.CodeHash));
        Assert.That(candidates.Single(c => c.KeyId == "k2").CodeHash, Is.Not.EqualTo(otp.Store.Started!.CodeHash));
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
    public async Task Verify_CorrectCodeWithAnotherUserId_CarriesAnotherUserBindingAndIsIncorrect()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.Calls.Clear();

        var withOtherUser = await otp.VerifyAsync(id, otp.LastSentCode(), "customer-00043");
        var withRightUser = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId);

        Assert.That(withOtherUser, Is.InstanceOf<VerifyOutcome.Incorrect>());
        Assert.That(withRightUser, Is.InstanceOf<VerifyOutcome.Approved>());
        var bindings = otp.Store.Calls.Select(c => ((IReadOnlyList<CodeCandidate>)c.Arguments[2]!).Single().UserBinding).ToList();
        Assert.That(bindings[0], Is.Not.EqualTo(otp.Store.Started!.UserHash));
        Assert.That(bindings[1], Is.EqualTo(otp.Store.Started!.UserHash));
    }

    [Test]
    public async Task Verify_WithoutUserId_SendsNoUserBinding()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.Calls.Clear();

        await otp.VerifyAsync(id, otp.WrongCode());

        Assert.That(((IReadOnlyList<CodeCandidate>)otp.Store.Calls.Single().Arguments[2]!).Single().UserBinding, Is.Null);
    }

    [Test]
    public async Task Verify_ByAnotherTenant_IsNotFound_AndPresentsThatTenantsTag()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.Calls.Clear();
        var stranger = new SecureOtp.Api.Security.ApiCaller("stranger", "stranger");

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId, stranger);

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.NotFound>());
        Assert.That(otp.Store.Calls.Single().Arguments[1], Is.Not.EqualTo(otp.Store.Started!.TenantTag));
        Assert.That(otp.Store.Candidates, Is.Empty, "nothing compared or counted");
        Assert.That(await otp.VerifyService().GetStatusAsync(stranger, OtpHarness.Id(id), CancellationToken.None), Is.Null);
        Assert.That(await otp.VerifyService().GetStatusAsync(OtpHarness.Caller, OtpHarness.Id(id), CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Verify_LockedVerification_IsLockedEvenWithTheRightCode()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.Locked = true;

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode());

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.Locked>());
    }

    [Test]
    public async Task Verify_CodeOfAnotherVerification_IsIncorrect()
    {
        var otp = new OtpHarness();
        await SendAsync(otp);
        var firstCode = otp.LastSentCode();
        var secondId = await SendAsync(otp, new SendOtpRequest("customer-00043", "+14155550101"));
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
    public async Task Verify_CodeUnderARetiredKey_IsNotFoundWithoutAComparison()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        var replacement = TestKeys.ValidOptions();
        replacement.HashKeys = new(StringComparer.Ordinal) { ["k2"] = TestKeys.NewSecret() };
        replacement.ActiveHashKeyId = "k2";
        otp.Keys = TestKeys.Ring(replacement);

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode());

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.NotFound>());
        Assert.That(otp.Store.Candidates, Is.Empty, "no candidate under the record's key id, so nothing compared or counted");
    }

    private static async Task<string> SendAsync(OtpHarness otp, SendOtpRequest? request = null)
    {
        var outcome = await otp.SendAsync(request);
        Assert.That(outcome, Is.InstanceOf<SendOutcome.Sent>());
        return ((SendOutcome.Sent)outcome).Response.VerificationId;
    }
}
