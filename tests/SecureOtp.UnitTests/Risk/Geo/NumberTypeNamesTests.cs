using PhoneNumbers;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.UnitTests.Risk.Geo;

public sealed class NumberTypeNamesTests
{
    [TestCase("PremiumRate", PhoneNumberType.PREMIUM_RATE)]
    [TestCase("premiumrate", PhoneNumberType.PREMIUM_RATE)]
    [TestCase("PREMIUM_RATE", PhoneNumberType.PREMIUM_RATE)]
    [TestCase(" SharedCost ", PhoneNumberType.SHARED_COST)]
    [TestCase("PersonalNumber", PhoneNumberType.PERSONAL_NUMBER)]
    [TestCase("VoIP", PhoneNumberType.VOIP)]
    [TestCase("TollFree", PhoneNumberType.TOLL_FREE)]
    [TestCase("Uan", PhoneNumberType.UAN)]
    [TestCase("Pager", PhoneNumberType.PAGER)]
    [TestCase("Voicemail", PhoneNumberType.VOICEMAIL)]
    [TestCase("FixedLineOrMobile", PhoneNumberType.FIXED_LINE_OR_MOBILE)]
    public void TryParse_AcceptsPascalCaseAndLibphonenumberSpellings_CaseInsensitively(string name, PhoneNumberType expected)
    {
        Assert.That(NumberTypeNames.TryParse(name, out var type), Is.True);
        Assert.That(type, Is.EqualTo(expected));
    }

    [TestCase("Premium")]
    [TestCase("PremiumRates")]
    [TestCase("premium-rate")]
    [TestCase("")]
    public void TryParse_RefusesAnythingElse(string name) => Assert.That(NumberTypeNames.TryParse(name, out _), Is.False);

    [Test]
    public void EveryTypeHasAPascalCaseNameThatParsesBack()
    {
        foreach (var type in Enum.GetValues<PhoneNumberType>())
        {
            var name = NumberTypeNames.Of(type);
            Assert.That(name, Does.Match("^[A-Z][A-Za-z]+$"));
            Assert.That(NumberTypeNames.Parse(name), Is.EqualTo(type));
        }
    }
}
