using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Security;

/// <summary><c>Otp:PseudonymKey</c>'s form, checked where Security registers it (its reuse as a hash key is the code
/// policy's to refuse: see OtpOptionsValidatorTests).</summary>
public sealed class PseudonymKeyOptionsValidatorTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("c2hvcnQ=")]
    [TestCase("not base64, though long enough to be thirty-two bytes")]
    public void Validate_MissingShortOrMalformedPseudonymKey_FailsNamingItWithoutEchoingIt(string? secret)
    {
        var result = new PseudonymKeyOptionsValidator().Validate(null, new PseudonymKeyOptions { PseudonymKey = secret });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Otp:PseudonymKey"));
        if (!string.IsNullOrEmpty(secret))
        {
            Assert.That(result.FailureMessage, Does.Not.Contain(secret));
        }
    }

    [Test]
    public void Validate_ThirtyTwoRandomBytes_Passes()
    {
        var result = new PseudonymKeyOptionsValidator().Validate(null, new PseudonymKeyOptions { PseudonymKey = TestSupport.TestKeys.NewSecret() });

        Assert.That(result.Succeeded, Is.True);
    }
}
