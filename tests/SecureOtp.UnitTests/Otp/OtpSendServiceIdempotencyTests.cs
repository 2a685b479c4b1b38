using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Sms;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary><see cref="OtpSendService"/> with an Idempotency-Key.</summary>
public sealed class OtpSendServiceIdempotencyTests
{
    private const string Key = "order-77";

    private static readonly SendOtpResponse First = new(new string('A', 40), "pending", "sms",
        new DateTimeOffset(2026, 11, 21, 9, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 9, 0, 30, TimeSpan.Zero),
        5, RiskAssessment.NotChecked);

    [Test]
    public async Task Send_ReplayedKey_ReturnsTheStoredAnswerAndSendsNothing()
    {
        var otp = new OtpHarness();
        otp.Store.ClaimResult = new IdempotencyClaim.Replay(KeyFor(otp).Seal(First));

        var outcome = await otp.SendAsync(idempotencyKey: Key);

        Assert.That(outcome, Is.EqualTo(new SendOutcome.Sent(First, Replayed: true)));
        Assert.That(otp.Store.Methods.Single(), Is.EqualTo("ClaimIdempotencyKeyAsync"));
        Assert.That(otp.Sms.Sent, Is.Empty);
    }

    [Test]
    public async Task Send_ReplayThatDoesNotOpen_IsIdempotencyKeyReused_AndSendsNothing()
    {
        var otp = new OtpHarness();
        var sealedForAnotherClient = new IdempotencyProtector(otp.PseudonymKey).ForSend("other-client", Key, OtpHarness.Command().Body).Seal(First);
        otp.Store.ClaimResult = new IdempotencyClaim.Replay(sealedForAnotherClient);

        var outcome = await otp.SendAsync(idempotencyKey: Key);

        Assert.That(outcome, Is.InstanceOf<SendOutcome.IdempotencyKeyReused>());
        Assert.That(otp.Sms.Sent, Is.Empty);
    }

    [Test]
    public async Task Send_KeyReusedWithAnotherBody_IsIdempotencyKeyReused()
    {
        var otp = new OtpHarness();
        otp.Store.ClaimResult = new IdempotencyClaim.BodyMismatch();

        var outcome = await otp.SendAsync(idempotencyKey: Key);

        Assert.That(outcome, Is.InstanceOf<SendOutcome.IdempotencyKeyReused>());
        Assert.That(otp.Store.Methods, Does.Not.Contain("StartAsync"));
        Assert.That(otp.Sms.Sent, Is.Empty);
    }

    [Test]
    public async Task Send_KeyStillInProgress_IsIdempotencyInProgress()
    {
        var otp = new OtpHarness();
        otp.Store.ClaimResult = new IdempotencyClaim.InProgress();

        var outcome = await otp.SendAsync(idempotencyKey: Key);

        Assert.That(outcome, Is.InstanceOf<SendOutcome.IdempotencyInProgress>());
        Assert.That(otp.Sms.Sent, Is.Empty);
    }

    [Test]
    public async Task Send_ClaimedKey_CompletesWithTheAnswerItGave_Sealed()
    {
        var otp = new OtpHarness();

        var sent = (SendOutcome.Sent)await otp.SendAsync(idempotencyKey: Key);

        var claim = (IdempotentRequest)otp.Store.Single("ClaimIdempotencyKeyAsync").Arguments[0]!;
        var complete = otp.Store.Single("CompleteIdempotencyKeyAsync").Arguments;
        var sealedAnswer = (byte[])complete[1]!;
        Assert.That(complete[0], Is.EqualTo(claim), "the claimant completes its own claim");
        Assert.That(KeyFor(otp).Open(sealedAnswer), Is.EqualTo(sent.Response));
        Assert.That(Bytes.Contains(sealedAnswer, Encoding.UTF8.GetBytes(sent.Response.VerificationId)), Is.False, "the id is sealed");
        Assert.That(complete[2], Is.EqualTo(otp.Options.IdempotencyRetention));
        Assert.That(otp.Store.Methods, Does.Not.Contain("ReleaseIdempotencyKeyAsync"));
    }

    [Test]
    public async Task Send_ClaimedKeyWhenSmsIsUnavailable_ReleasesTheKey()
    {
        var otp = new OtpHarness();
        otp.Sms.Result = new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), "down");

        await otp.SendAsync(idempotencyKey: Key);

        Assert.That(otp.Store.Methods, Does.Contain("ReleaseIdempotencyKeyAsync").And.Not.Contain("CompleteIdempotencyKeyAsync"));
    }

    [Test]
    public async Task Send_WhenTheCallerLeavesMidSend_GivesBackTheKeyAndTheLimitEntries()
    {
        var otp = new OtpHarness();
        otp.LimitOptions.SendsPerPhonePerHour = 1;
        using var left = new CancellationTokenSource();
        await left.CancelAsync();
        otp.Sms.Throws = new OperationCanceledException(left.Token);

        Assert.That(async () => await otp.SendService().SendAsync(OtpHarness.Command(idempotencyKey: Key), left.Token),
            Throws.InstanceOf<OperationCanceledException>());

        Assert.That(otp.Store.Methods, Does.Contain("ReleaseIdempotencyKeyAsync").And.Not.Contain("CompleteIdempotencyKeyAsync"));
        otp.Sms.Throws = null;
        Assert.That(await otp.SendAsync(), Is.InstanceOf<SendOutcome.Sent>(), "the one send an hour was given back");
    }

    [Test]
    public async Task Send_WhenTheStoreFails_GivesBackTheKeyAndTheLimitEntriesInTheBackground()
    {
        var otp = new OtpHarness();
        otp.LimitOptions.SendsPerPhonePerHour = 1;
        otp.Store.StartFailure = new StoreUnavailableException("paused", new TimeoutException()) { MayHaveRun = true };

        Assert.That(async () => await otp.SendAsync(idempotencyKey: Key), Throws.InstanceOf<StoreUnavailableException>());

        Assert.That(otp.Store.Methods, Does.Contain("ReleaseIdempotencyKeyLater").And.Not.Contain("ReleaseIdempotencyKeyAsync"));
        otp.Store.StartFailure = null;
        Assert.That(await otp.SendAsync(), Is.InstanceOf<SendOutcome.Sent>(), "the one send an hour was given back");
    }

    [Test]
    public async Task Send_SameKeyAndBody_ClaimsTheSameScopedKeyAndHash_WithItsOwnToken()
    {
        var otp = new OtpHarness();

        await otp.SendAsync(idempotencyKey: Key);
        await otp.SendAsync(idempotencyKey: Key);
        await otp.SendAsync(OtpHarness.Request(purpose: "reset"), idempotencyKey: Key);
        await otp.SendService().SendAsync(OtpHarness.Command(idempotencyKey: Key, client: "other-client"), CancellationToken.None);

        var claims = Claims(otp);
        Assert.That((claims[1].ScopedKey, claims[1].RequestHash), Is.EqualTo((claims[0].ScopedKey, claims[0].RequestHash)), "a repeat");
        Assert.That(claims[1].ClaimToken, Is.Not.EqualTo(claims[0].ClaimToken), "each request releases only its own claim");
        Assert.That(claims[2].ScopedKey, Is.EqualTo(claims[0].ScopedKey), "same key, other body: same scoped key");
        Assert.That(claims[2].RequestHash, Is.Not.EqualTo(claims[0].RequestHash), "same key, other body: other request hash");
        Assert.That(claims[3].ScopedKey, Is.Not.EqualTo(claims[0].ScopedKey), "keys are scoped per client");
        Assert.That(claims[0].ScopedKey, Does.Not.Contain(Key));
    }

    [Test]
    public async Task Send_OmittedPurposeAndDefaultPurpose_AreTheSameBody()
    {
        var otp = new OtpHarness();

        await otp.SendAsync(OtpHarness.Request(purpose: null), idempotencyKey: Key);
        await otp.SendAsync(OtpHarness.Request(purpose: "login"), idempotencyKey: Key);

        var claims = Claims(otp);
        Assert.That(claims[1].RequestHash, Is.EqualTo(claims[0].RequestHash));
    }

    [Test]
    public async Task Send_SameKeyAfterHashKeyRotation_ClaimsTheSameScopedKey()
    {
        var options = TestKeys.ValidOptions();
        options.HashKeys["k2"] = TestKeys.NewSecret();
        var otp = new OtpHarness(options);
        await otp.SendAsync(idempotencyKey: Key);

        options.ActiveHashKeyId = "k2";
        otp.Keys = TestKeys.Ring(options);
        await otp.SendAsync(idempotencyKey: Key);

        var claims = Claims(otp);
        Assert.That((claims[1].ScopedKey, claims[1].RequestHash), Is.EqualTo((claims[0].ScopedKey, claims[0].RequestHash)),
            "a retry within 24 h must find the first answer, rotation or not: the names derive from Otp:PseudonymKey");
    }

    /// <summary>Issue 13, finding 3: a plain SHA-256 of client + key and of the body let anyone reading Redis test guesses.</summary>
    [Test]
    public async Task Send_ScopedKeyAndBodyHash_AreKeyedByTheServerSecret()
    {
        var one = new OtpHarness();
        var other = new OtpHarness();

        await one.SendAsync(idempotencyKey: Key);
        await other.SendAsync(idempotencyKey: Key);

        var (a, b) = (Claims(one)[0], Claims(other)[0]);
        Assert.That(b.ScopedKey, Is.Not.EqualTo(a.ScopedKey), "another secret, another record name");
        Assert.That(b.RequestHash, Is.Not.EqualTo(a.RequestHash), "another secret, another body hash");
        var plainBodyHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(OtpHarness.Command().Body, SecureOtpJsonContext.Default.SendOtpRequest));
        Assert.That(a.RequestHash, Is.Not.EqualTo(Convert.ToHexStringLower(plainBodyHash))
            .And.Not.EqualTo(System.Buffers.Text.Base64Url.EncodeToString(plainBodyHash.AsSpan(0, 16))));
    }

    private static SendIdempotencyKey KeyFor(OtpHarness otp) =>
        new IdempotencyProtector(otp.PseudonymKey).ForSend(OtpHarness.Client, Key, OtpHarness.Command().Body);

    private static List<IdempotentRequest> Claims(OtpHarness otp) =>
        [.. otp.Store.Calls.Where(c => c.Method == "ClaimIdempotencyKeyAsync").Select(c => (IdempotentRequest)c.Arguments[0]!)];
}
