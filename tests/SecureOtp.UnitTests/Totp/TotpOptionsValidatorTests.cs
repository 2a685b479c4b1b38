using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

public sealed class TotpOptionsValidatorTests
{
    [Test]
    public void TheDefaults_WithAKey_AreValid() =>
        Assert.That(Validate(Valid()).Succeeded, Is.True);

    [Test]
    public void NoSecretKey_RefusesToStart_SayingHowToMakeOne()
    {
        var failure = Validate(new TotpOptions()).FailureMessage;

        Assert.That(failure, Does.Contain("Totp:SecretKeys").And.Contain("openssl rand -base64 32"));
    }

    [TestCase(nameof(TotpOptions.MaxAttempts), 0, "Totp:MaxAttempts")]
    [TestCase(nameof(TotpOptions.MaxAttempts), 11, "Totp:MaxAttempts")]
    [TestCase(nameof(TotpOptions.AllowedSkewSteps), -1, "Totp:AllowedSkewSteps")]
    [TestCase(nameof(TotpOptions.AllowedSkewSteps), 3, "Totp:AllowedSkewSteps")]
    public void AnOutOfRangeNumber_IsRefused_NamingTheKey(string property, int value, string key)
    {
        var options = Valid();
        typeof(TotpOptions).GetProperty(property)!.SetValue(options, value);

        Assert.That(Validate(options).FailureMessage, Does.Contain(key));
    }

    [TestCase("00:00:30")]
    [TestCase("2.00:00:00")]
    public void AnOutOfRangeLockDuration_IsRefused(string duration)
    {
        var options = Valid();
        options.LockDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(Validate(options).FailureMessage, Does.Contain("Totp:LockDuration"));
    }

    [TestCase("")]
    [TestCase("Acme:Corp")]
    public void AnIssuerThatBreaksTheLabel_IsRefused(string issuer)
    {
        var options = Valid();
        options.Issuer = issuer;

        Assert.That(Validate(options).FailureMessage, Does.Contain("Totp:Issuer"));
    }

    [TestCase(16)]
    [TestCase(33)]
    public void AKeyThatIsNotExactly32Bytes_IsRefused_WithoutEchoingIt(int bytes)
    {
        var options = Valid();
        var secret = TestKeys.NewSecret(bytes);
        options.SecretKeys["t1"] = secret;

        var failure = Validate(options).FailureMessage;

        Assert.That(failure, Does.Contain("Totp:SecretKeys:t1"));
        Assert.That(failure, Does.Not.Contain(secret));
    }

    [Test]
    public void AnActiveKeyIdNotInTheRing_IsRefused()
    {
        var options = Valid();
        options.ActiveSecretKeyId = "missing";

        Assert.That(Validate(options).FailureMessage, Does.Contain("Totp:ActiveSecretKeyId"));
    }

    private static TotpOptions Valid() => new()
    {
        SecretKeys = new(StringComparer.Ordinal) { ["t1"] = TestKeys.NewSecret() },
        ActiveSecretKeyId = "t1",
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(TotpOptions options) =>
        new TotpOptionsValidator().Validate(null, options);
}
