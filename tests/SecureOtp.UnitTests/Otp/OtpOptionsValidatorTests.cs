using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

public sealed class OtpOptionsValidatorTests
{
    [Test]
    public void Validate_DefaultsWithOneValidKey_Succeeds()
    {
        var result = Validate(TestKeys.ValidOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase(6, false)]
    [TestCase(10, false)]
    [TestCase(4, true)]
    [TestCase(5, true)]
    public void Validate_AllowedCodeLength_Succeeds(int length, bool allowShort)
    {
        var options = TestKeys.ValidOptions();
        options.CodeLength = length;
        options.AllowShortCodes = allowShort;

        Assert.That(Validate(options).Succeeded, Is.True);
    }

    [TestCase(5, false)]
    [TestCase(4, false)]
    [TestCase(3, true)]
    [TestCase(0, true)]
    [TestCase(11, true)]
    [TestCase(-6, false)]
    public void Validate_CodeLengthOutsidePolicy_FailsNamingCodeLength(int length, bool allowShort)
    {
        var options = TestKeys.ValidOptions();
        options.CodeLength = length;
        options.AllowShortCodes = allowShort;

        AssertFailsNaming(options, "Otp:CodeLength");
    }

    [TestCase(601)]
    [TestCase(3600)]
    [TestCase(29)]
    public void Validate_TtlOutside30SecondsTo10Minutes_FailsNamingTtl(int seconds)
    {
        var options = TestKeys.ValidOptions();
        options.Ttl = TimeSpan.FromSeconds(seconds);
        options.ResendCooldown = TimeSpan.Zero;

        AssertFailsNaming(options, "Otp:Ttl");
    }

    [Test]
    public void Validate_TtlOfExactly10Minutes_Succeeds()
    {
        var options = TestKeys.ValidOptions();
        options.Ttl = TimeSpan.FromMinutes(10);

        Assert.That(Validate(options).Succeeded, Is.True);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(11)]
    public void Validate_MaxAttemptsOutside1To10_FailsNamingMaxAttempts(int attempts)
    {
        var options = TestKeys.ValidOptions();
        options.MaxAttempts = attempts;

        AssertFailsNaming(options, "Otp:MaxAttempts");
    }

    [Test]
    public void Validate_ResendCooldownLongerThanTtl_FailsNamingResendCooldown()
    {
        var options = TestKeys.ValidOptions();
        options.ResendCooldown = options.Ttl + TimeSpan.FromSeconds(1);

        AssertFailsNaming(options, "Otp:ResendCooldown");
    }

    [TestCase(31)]
    [TestCase(16)]
    [TestCase(0)]
    public void Validate_SecretShorterThan32Bytes_FailsWithoutEchoingIt(int bytes)
    {
        var secret = TestKeys.NewSecret(bytes);
        var options = TestKeys.ValidOptions();
        options.HashKeys["k1"] = secret;

        var message = AssertFailsNaming(options, "Otp:HashKeys:k1");
        if (secret.Length > 0)
        {
            Assert.That(message, Does.Not.Contain(secret));
        }
    }

    [TestCase("not base64 at all, but long enough to be 32 bytes!!")]
    [TestCase("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=x")]
    [TestCase("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA%3D%3D")]
    public void Validate_SecretThatIsNotBase64_FailsWithoutEchoingIt(string secret)
    {
        var options = TestKeys.ValidOptions();
        options.HashKeys["k1"] = secret;

        var message = AssertFailsNaming(options, "Otp:HashKeys:k1");
        Assert.That(message, Does.Not.Contain(secret));
    }

    [Test]
    public void Validate_MoreThanEightHashKeys_FailsNamingHashKeys()
    {
        // Verify hashes each presented code under every configured key, so the ring is bounded.
        var options = TestKeys.ValidOptions();
        for (var i = 2; i <= OtpOptionsValidator.MaxHashKeys + 1; i++)
        {
            options.HashKeys[$"k{i}"] = TestKeys.NewSecret();
        }

        var message = AssertFailsNaming(options, "Otp:HashKeys");
        Assert.That(message, Does.Contain("at most 8"));

        options.HashKeys.Remove($"k{OtpOptionsValidator.MaxHashKeys + 1}");
        Assert.That(Validate(options).Succeeded, Is.True, "eight keys are allowed");
    }

    [Test]
    public void Validate_NoHashKeys_FailsNamingHashKeys()
    {
        var options = TestKeys.ValidOptions();
        options.HashKeys.Clear();
        options.ActiveHashKeyId = null;

        AssertFailsNaming(options, "Otp:HashKeys");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("k2")]
    [TestCase("K1")]
    public void Validate_ActiveHashKeyIdMissingOrUnknown_FailsNamingIt(string? active)
    {
        var options = TestKeys.ValidOptions();
        options.ActiveHashKeyId = active;

        var message = AssertFailsNaming(options, "Otp:ActiveHashKeyId");
        Assert.That(message, Does.Not.Contain(options.HashKeys["k1"]));
    }

    [Test]
    public void Validate_KeyIdWithForbiddenCharacters_Fails()
    {
        var options = TestKeys.ValidOptions();
        options.HashKeys["bad:id"] = TestKeys.NewSecret();

        AssertFailsNaming(options, "Otp:HashKeys:bad:id");
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEachAndNeverASecret()
    {
        var options = TestKeys.ValidOptions();
        var secret = TestKeys.NewSecret(8);
        options.HashKeys["k2"] = secret;
        options.CodeLength = 3;
        options.MaxAttempts = 0;

        var result = Validate(options);

        Assert.That(result.Failures, Has.Exactly(3).Items);
        Assert.That(result.FailureMessage, Does.Not.Contain(secret).And.Not.Contain(options.HashKeys["k1"]));
    }

    /// <summary>The pseudonym key must outlive code-key rotations; one of the code keys would be retired with them.</summary>
    [Test]
    public void Validate_PseudonymKeyThatIsAlsoAHashKey_FailsWithoutEchoingIt()
    {
        var options = TestKeys.ValidOptions();
        options.PseudonymKey = options.HashKeys["k1"];

        var message = AssertFailsNaming(options, "Otp:PseudonymKey");
        Assert.That(message, Does.Not.Contain(options.PseudonymKey));
    }

    private static ValidateOptionsResult Validate(OtpOptions options) => new OtpOptionsValidator().Validate(null, options);

    private static string AssertFailsNaming(OtpOptions options, string configKey)
    {
        var result = Validate(options);

        Assert.That(result.Failed, Is.True, $"expected a failure naming {configKey}");
        Assert.That(result.FailureMessage, Does.Contain(configKey));
        return result.FailureMessage;
    }
}
