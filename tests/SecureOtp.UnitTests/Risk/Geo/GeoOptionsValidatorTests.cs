using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.UnitTests.Risk.Geo;

public sealed class GeoOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeeds() =>
        Assert.That(new GeoOptionsValidator().Validate(null, new GeoOptions()).Succeeded, Is.True);

    [Test]
    public void Validate_KnownTypesInAnySpellingAndBlanks_Succeeds()
    {
        var options = new GeoOptions { DeniedNumberTypes = ["premium_rate", "VOIP", "TollFree", " ", "uan"] };

        Assert.That(new GeoOptionsValidator().Validate(null, options).Succeeded, Is.True);
    }

    [Test]
    public void Validate_UnknownNumberType_FailsNamingTheKeyAndTheChoices()
    {
        var options = new GeoOptions { DeniedNumberTypes = ["PremiumRate", "Premium"] };

        var result = new GeoOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Risk:DeniedNumberTypes:1 'Premium'"));
        Assert.That(result.FailureMessage, Does.Contain("PremiumRate, SharedCost"));
    }

    [TestCase("999")]
    [TestCase("044")]
    [TestCase("UK")]
    public void Validate_UnassignedCountryCode_FailsNamingTheKey(string code)
    {
        var options = new GeoOptions { AllowedCountryCodes = ["44", code] };

        var result = new GeoOptionsValidator().Validate(null, options);

        Assert.That(result.FailureMessage, Does.Contain("Risk:AllowedCountryCodes:1"));
    }
}
