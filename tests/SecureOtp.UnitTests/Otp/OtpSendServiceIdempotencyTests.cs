using System.Text.Json;
using SecureOtp.Api.Json;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary><see cref="OtpSendService"/> with an Idempotency-Key.</summary>
public sealed class OtpSendServiceIdempotencyTests
{
    private const string Key = "order-77";

    [Test]
    public async Task Send_ReplayedKey_ReturnsTheStoredAnswerAndSendsNothing()
    {
        var otp = new OtpHarness();
        var first = new SendOtpResponse(new string('A', 40), "pending", "sms",
            new DateTimeOffset(2026, 11, 21, 9, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 9, 0, 30, TimeSpan.Zero),
            5, RiskAssessment.NotChecked);
        otp.Store.ClaimResult = new IdempotencyClaim.Replay(JsonSerializer.Serialize(first, SecureOtpJsonContext.Default.SendOtpResponse));

        var outcome = await otp.SendAsync(idempotencyKey: Key);

        Assert.That(outcome, Is.EqualTo(new SendOutcome.Sent(first, Replayed: true)));
        Assert.That(otp.Store.Methods.Single(), Is.EqualTo("ClaimIdempotencyKeyAsync"));
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
    public async Task Send_ClaimedKey_CompletesWithTheAnswerItGave()
    {
        var otp = new OtpHarness();

        var sent = (SendOutcome.Sent)await otp.SendAsync(idempotencyKey: Key);

        var claim = otp.Store.Single("ClaimIdempotencyKeyAsync").Arguments;
        var complete = otp.Store.Single("CompleteIdempotencyKeyAsync").Arguments;
        Assert.That(complete[0], Is.EqualTo(claim[0]));
        Assert.That(complete[1], Is.EqualTo(claim[1]));
        Assert.That(JsonSerializer.Deserialize((string)complete[2]!, SecureOtpJsonContext.Default.SendOtpResponse), Is.EqualTo(sent.Response));
        Assert.That(complete[3], Is.EqualTo(otp.Options.IdempotencyRetention));
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
    public async Task Send_SameKeyAndBody_ClaimsTheSameScopedKeyAndHash()
    {
        var otp = new OtpHarness();

        await otp.SendAsync(idempotencyKey: Key);
        await otp.SendAsync(idempotencyKey: Key);
        await otp.SendAsync(OtpHarness.Request(purpose: "reset"), idempotencyKey: Key);
        await otp.SendService().SendAsync(OtpHarness.Command(idempotencyKey: Key, client: "other-client"), CancellationToken.None);

        var claims = otp.Store.Calls.Where(c => c.Method == "ClaimIdempotencyKeyAsync").Select(c => c.Arguments).ToList();
        Assert.That((claims[1][0], claims[1][1]), Is.EqualTo((claims[0][0], claims[0][1])), "a repeat");
        Assert.That(claims[2][0], Is.EqualTo(claims[0][0]), "same key, other body: same scoped key");
        Assert.That(claims[2][1], Is.Not.EqualTo(claims[0][1]), "same key, other body: other request hash");
        Assert.That(claims[3][0], Is.Not.EqualTo(claims[0][0]), "keys are scoped per client");
        Assert.That((string)claims[0][0]!, Does.Not.Contain(Key));
    }

    [Test]
    public async Task Send_OmittedPurposeAndDefaultPurpose_AreTheSameBody()
    {
        var otp = new OtpHarness();

        await otp.SendAsync(OtpHarness.Request(purpose: null), idempotencyKey: Key);
        await otp.SendAsync(OtpHarness.Request(purpose: "login"), idempotencyKey: Key);

        var hashes = otp.Store.Calls.Where(c => c.Method == "ClaimIdempotencyKeyAsync").Select(c => c.Arguments[1]).ToList();
        Assert.That(hashes[1], Is.EqualTo(hashes[0]));
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

        var scopedKeys = otp.Store.Calls.Where(c => c.Method == "ClaimIdempotencyKeyAsync").Select(c => c.Arguments[0]).ToList();
        Assert.That(scopedKeys[1], Is.EqualTo(scopedKeys[0]), "a retry within 24 h must find the first answer, rotation or not");
    }
}
