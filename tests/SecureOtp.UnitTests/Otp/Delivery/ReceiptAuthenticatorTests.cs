using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.Otp.Delivery;

/// <summary>Who may post receipts: signed ones within five minutes of our clock; unsigned ones only in Development without a secret.</summary>
public sealed class ReceiptAuthenticatorTests
{
    private const string Secret = "unit-signature-secret";

    /// <summary>Whole seconds: Vonage timestamps are Unix seconds, so the five-minute edges are exact.</summary>
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));

    [TestCase(0)]
    [TestCase(-300)]
    [TestCase(300)]
    public void SignedReceipt_WithinFiveMinutes_IsAccepted(int offsetSeconds) =>
        Assert.That(Authenticator().Check(Signed(clock.GetUtcNow().AddSeconds(offsetSeconds))), Is.Null);

    [TestCase(-301)]
    [TestCase(301)]
    [TestCase(-86_400)]
    public void SignedReceipt_MoreThanFiveMinutesOff_IsStale(int offsetSeconds) =>
        Assert.That(Authenticator().Check(Signed(clock.GetUtcNow().AddSeconds(offsetSeconds))), Is.EqualTo(ReceiptOutcomeKind.StaleTimestamp));

    [Test]
    public void ReceiptSignedFourMinutesAgo_TurnsStale_WhenTheClockMovesOn()
    {
        var receipt = Signed(clock.GetUtcNow().AddMinutes(-4));
        var authenticator = Authenticator();
        Assert.That(authenticator.Check(receipt), Is.Null);

        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.That(authenticator.Check(receipt), Is.EqualTo(ReceiptOutcomeKind.StaleTimestamp));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-5")]
    [TestCase("99999999999999999999")]
    public void SignedReceipt_WithoutAUsableTimestamp_IsStale(string? timestamp)
    {
        var receipt = Receipt(clock.GetUtcNow());
        if (timestamp is null)
        {
            receipt.Remove("timestamp");
        }
        else
        {
            receipt["timestamp"] = timestamp;
        }

        Assert.That(Authenticator().Check(Sign(receipt)), Is.EqualTo(ReceiptOutcomeKind.StaleTimestamp));
    }

    [Test]
    public void UnsignedReceipt_IsRefused_WhenASecretIsSet() =>
        Assert.That(Authenticator().Check(Receipt(clock.GetUtcNow())), Is.EqualTo(ReceiptOutcomeKind.InvalidSignature));

    [Test]
    public void SignedReceipt_IsRefused_OutsideDevelopmentWithoutASecret()
    {
        var authenticator = Authenticator(secret: null, environment: Environments.Production);
        Assert.Multiple(() =>
        {
            Assert.That(authenticator.RefusesAll, Is.True);
            Assert.That(authenticator.Check(Signed(clock.GetUtcNow())), Is.EqualTo(ReceiptOutcomeKind.InvalidSignature));
        });
    }

    [Test]
    public void UnsignedReceipt_IsAccepted_InDevelopmentWithoutASecret()
    {
        var authenticator = Authenticator(secret: null, environment: Environments.Development);
        var withoutTimestamp = Receipt(clock.GetUtcNow());
        withoutTimestamp.Remove("timestamp");
        Assert.Multiple(() =>
        {
            Assert.That(authenticator.AcceptsUnsigned, Is.True);
            Assert.That(authenticator.Check(Receipt(clock.GetUtcNow())), Is.Null);
            Assert.That(authenticator.Check(withoutTimestamp), Is.Null);
            Assert.That(authenticator.Check(Receipt(clock.GetUtcNow().AddHours(-1))), Is.EqualTo(ReceiptOutcomeKind.StaleTimestamp),
                "a timestamp that is given is still checked");
        });
    }

    [Test]
    public void ReceiptSignedWithAnotherMethod_IsRefused()
    {
        var authenticator = Authenticator(method: "sha256hmac");
        Assert.That(authenticator.Check(Signed(clock.GetUtcNow())), Is.EqualTo(ReceiptOutcomeKind.InvalidSignature), "signed md5hash");
    }

    private ReceiptAuthenticator Authenticator(string? secret = Secret, string environment = "Production", string method = "md5hash")
    {
        var options = new SmsOptions { Vonage = { SignatureSecret = secret, SignatureMethod = method } };
        return new ReceiptAuthenticator(Microsoft.Extensions.Options.Options.Create(options),
            new HostingEnvironment { EnvironmentName = environment }, clock);
    }

    private static Dictionary<string, string> Receipt(DateTimeOffset timestamp) => new()
    {
        ["messageId"] = "0A0000001234567B",
        ["status"] = "delivered",
        ["timestamp"] = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["nonce"] = "7d1e",
    };

    private static Dictionary<string, string> Signed(DateTimeOffset timestamp) => Sign(Receipt(timestamp));

    private static Dictionary<string, string> Sign(Dictionary<string, string> receipt)
    {
        receipt["sig"] = VonageSignature.Compute(VonageSignature.SigningString(receipt), Secret, VonageSignatureMethod.Md5Hash);
        return receipt;
    }
}
