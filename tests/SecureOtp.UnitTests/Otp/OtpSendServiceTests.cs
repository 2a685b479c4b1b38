using System.Text;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Storage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

public sealed class OtpSendServiceTests
{
    [Test]
    public async Task Send_Accepted_ReportsPendingWithWholeSecondTimesAndStoresTheSame()
    {
        var otp = new OtpHarness();

        var sent = (SendOutcome.Sent)await otp.SendAsync();

        // The clock reads 10:00:00.250: expiry rounds down, resend-after rounds up.
        var expected = new SendOtpResponse(otp.Store.Started!.Id.Value, "pending", "sms",
            new DateTimeOffset(2026, 11, 21, 10, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 10, 0, 31, TimeSpan.Zero),
            5, RiskAssessment.NotChecked);
        Assert.That(sent.Response, Is.EqualTo(expected));
        Assert.That(otp.Store.Started.ExpiresAt, Is.EqualTo(expected.ExpiresAt));
        Assert.That(otp.Store.Started.MaxAttempts, Is.EqualTo(5));
    }

    [Test]
    public async Task Send_WithoutPurpose_StoresTheDefaultPurpose()
    {
        var otp = new OtpHarness();

        await otp.SendAsync(OtpHarness.Request(purpose: null));

        Assert.That(otp.Store.Started!.Purpose, Is.EqualTo(RequestValidation.DefaultPurpose));
    }

    [Test]
    public async Task Send_TextCarriesTheCodeWhoseHashWasStored()
    {
        var otp = new OtpHarness();

        await otp.SendAsync();

        var stored = otp.Store.Started!;
        var key = otp.Keys.Active;
        var recomputed = CodeHasher.Hash(key, otp.LastSentCode(), stored.Id);
        Assert.That(recomputed, Is.EqualTo(stored.CodeHash));
        Assert.That(stored.UserHash, Is.EqualTo(Pseudonyms.UserBinding(otp.PseudonymKey, OtpHarness.Client, OtpHarness.UserId)));
        Assert.That(stored.KeyId, Is.EqualTo(key.Id));
    }

    [Test]
    public async Task Send_TextGoesToThePhoneTaggedWithItsDeliveryReferenceNotTheCode()
    {
        var otp = new OtpHarness();

        await otp.SendAsync();

        var message = otp.Sms.Sent.Single();
        var id = otp.Store.Started!.Id;
        Assert.That(message.To, Is.EqualTo(OtpHarness.Phone));
        Assert.That(DeliveryReference.TryParse(message.ClientRef, out var reference), Is.True, message.ClientRef);
        Assert.That((reference.UserTag, reference.IdHash), Is.EqualTo((id.Slot.UserTag, id.LookupHash)), "names this verification's delivery");
        Assert.That(message.ClientRef, Does.Not.Contain(otp.LastSentCode()));
    }

    [Test]
    public async Task Send_StoreNeverReceivesTheCodePhoneOrUserId()
    {
        var otp = new OtpHarness();

        await otp.SendAsync(idempotencyKey: "order-77");

        string[] secrets = [otp.LastSentCode(), OtpHarness.Phone, OtpHarness.Phone[1..], OtpHarness.UserId];
        Assert.That(otp.Store.Methods, Does.Contain("StartAsync").And.Contain("CompleteIdempotencyKeyAsync"));
        foreach (var argument in otp.Store.Calls.SelectMany(c => c.Arguments).SelectMany(Flatten))
        {
            foreach (var secret in secrets)
            {
                Assert.That(Leaks(argument, secret), Is.False, $"the store received '{secret}' in {argument}");
            }
        }
    }

    [Test]
    public async Task Send_WhenResendIsTooSoon_SendsNoText()
    {
        var otp = new OtpHarness();
        otp.Store.StartRefusal = new LimitDecision.Refused(AbuseLimits.PurposeResendCooldown, TimeSpan.FromSeconds(12));

        var outcome = await otp.SendAsync();

        Assert.That(outcome, Is.EqualTo(new SendOutcome.ResendTooSoon(TimeSpan.FromSeconds(12))));
        Assert.That(otp.Sms.Sent, Is.Empty);
        Assert.That(otp.Store.Methods, Does.Not.Contain("AbortAsync"));
    }

    [Test]
    public async Task Send_WhenSmsIsUnavailable_AbortsThatVerification()
    {
        var otp = new OtpHarness();
        otp.Sms.Result = new SmsSendResult.Unavailable(TimeSpan.FromSeconds(7), "circuit_open");

        var outcome = await otp.SendAsync();

        Assert.That(outcome, Is.EqualTo(new SendOutcome.SmsUnavailable(TimeSpan.FromSeconds(7))));
        AssertAborted(otp);
    }

    [Test]
    public async Task Send_WhenTheSmsCallFailsInTransport_AbortsAndAnswersUnavailable()
    {
        var otp = new OtpHarness();
        otp.Sms.Throws = new HttpRequestException("connection refused");

        var outcome = await otp.SendAsync();

        Assert.That(outcome, Is.InstanceOf<SendOutcome.SmsUnavailable>());
        AssertAborted(otp);
    }

    [Test]
    public async Task Send_WhenTheSmsSenderThrowsAnythingElse_AbortsAndAnswersUnavailable()
    {
        var otp = new OtpHarness();
        otp.Sms.Throws = new InvalidOperationException("provider answered something unexpected");

        var outcome = await otp.SendAsync();

        Assert.That(outcome, Is.InstanceOf<SendOutcome.SmsUnavailable>(), "a sender fault is a 503, never a 500");
        AssertAborted(otp);
    }

    private static void AssertAborted(OtpHarness otp)
    {
        Assert.That(otp.Store.Methods, Does.Contain("AbortAsync"), "the undelivered verification must be aborted");
        var aborted = (VerificationId)otp.Store.Single("AbortAsync").Arguments[0]!;
        Assert.That(aborted.Value, Is.EqualTo(otp.Store.Calls[0].Arguments.OfType<NewVerification>().Single().Id.Value));
    }

    private static IEnumerable<object?> Flatten(object? argument) => argument switch
    {
        NewVerification v => [v.Id.Value, v.Id.LookupHash, v.Id.Slot.UserTag, v.Id.Slot.PurposeTag, v.Id.Bytes.ToArray(),
            v.KeyId, v.CodeHash, v.UserHash, v.Purpose, v.SealedUserId],
        VerificationId id => [id.Value, id.LookupHash, id.Bytes.ToArray()],
        _ => [argument],
    };

    private static bool Leaks(object? argument, string secret) => argument switch
    {
        string s => s.Contains(secret, StringComparison.Ordinal),
        byte[] b => Bytes.Contains(b, Encoding.UTF8.GetBytes(secret)),
        _ => false,
    };
}
