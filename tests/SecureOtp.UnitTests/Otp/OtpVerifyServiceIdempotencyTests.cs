using SecureOtp.Api.Otp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary><see cref="OtpVerifyService"/> with an Idempotency-Key: the store keeps the first answer with the attempt.</summary>
public sealed class OtpVerifyServiceIdempotencyTests
{
    private const string Key = "submit-1";

    [Test]
    public async Task Verify_WithoutAKey_AsksTheStoreToKeepNothing()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);

        await otp.VerifyAsync(id, otp.LastSentCode());

        Assert.That(Replays(otp).Single(), Is.Null);
    }

    [Test]
    public async Task Verify_WithAKey_NamesOneRecordPerClientKeyAndVerification_AndHashesTheCodeAndUser()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        var code = otp.LastSentCode();
        otp.Store.AttemptResult = new AttemptOutcome.Incorrect(4); // leave the verification live for every call

        await otp.VerifyAsync(id, code, OtpHarness.UserId, idempotencyKey: Key);
        await otp.VerifyAsync(id, code, OtpHarness.UserId, idempotencyKey: Key);
        await otp.VerifyAsync(id, otp.WrongCode(), OtpHarness.UserId, idempotencyKey: Key);
        await otp.VerifyAsync(id, code, "someone-else", idempotencyKey: Key);
        await otp.VerifyAsync(id, code, OtpHarness.UserId, idempotencyKey: "submit-2");

        var replays = Replays(otp).Select(r => r!).ToList();
        Assert.That(replays[1], Is.EqualTo(replays[0]), "a repeat");
        Assert.That(replays[2].Name, Is.EqualTo(replays[0].Name));
        Assert.That(replays[2].RequestHash, Is.Not.EqualTo(replays[0].RequestHash), "another code is another body");
        Assert.That(replays[3].RequestHash, Is.Not.EqualTo(replays[0].RequestHash), "another user id is another body");
        Assert.That(replays[4].Name, Is.Not.EqualTo(replays[0].Name), "another key, another record");
        Assert.That(replays[0].Name, Does.Not.Contain(Key).And.Not.Contain(id));
        Assert.That(replays[0].RequestHash, Does.Not.Contain(code));
        Assert.That(replays[0].Retention, Is.EqualTo(otp.Options.Ttl), "kept as long as a code lives");
    }

    [Test]
    public async Task Verify_ReplayedAnswer_IsTheFirstAnswer_MarkedReplayed()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.AttemptResult = new AttemptOutcome.Replayed(new AttemptOutcome.Incorrect(3));

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId, idempotencyKey: Key);

        Assert.That(outcome, Is.EqualTo(new VerifyOutcome.Incorrect(3) { Replayed = true }));
    }

    [Test]
    public async Task Verify_ReplayedApproval_NamesTheUserAgain()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        var started = otp.Store.Started!;
        otp.Store.AttemptResult = new AttemptOutcome.Replayed(new AttemptOutcome.Approved(started.KeyId, started.Purpose, started.SealedUserId));

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId, idempotencyKey: Key);

        Assert.That(outcome, Is.EqualTo(new VerifyOutcome.Approved(new VerifyOtpResponse("approved", id, OtpHarness.UserId, "login")) { Replayed = true }));
    }

    [Test]
    public async Task Verify_KeyFirstUsedWithAnotherBody_IsIdempotencyKeyReused()
    {
        var otp = new OtpHarness();
        var id = await SendAsync(otp);
        otp.Store.AttemptResult = new AttemptOutcome.IdempotencyKeyReused();

        var outcome = await otp.VerifyAsync(id, otp.LastSentCode(), OtpHarness.UserId, idempotencyKey: Key);

        Assert.That(outcome, Is.InstanceOf<VerifyOutcome.IdempotencyKeyReused>());
    }

    private static IEnumerable<AttemptReplay?> Replays(OtpHarness otp) =>
        otp.Store.Calls.Where(c => c.Method == "AttemptAsync").Select(c => (AttemptReplay?)c.Arguments[4]);

    private static async Task<string> SendAsync(OtpHarness otp)
    {
        var outcome = await otp.SendAsync();
        Assert.That(outcome, Is.InstanceOf<SendOutcome.Sent>());
        return ((SendOutcome.Sent)outcome).Response.VerificationId;
    }
}
