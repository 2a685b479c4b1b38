using PhoneNumbers;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.UnitTests.Risk.Geo;

/// <summary>libphonenumber's classification of the ranges SMS pumping uses, and of the ranges tests and docs use.</summary>
public sealed class DestinationTests
{
    [TestCase("+449090123456", 44, "GB")] // UK 0909
    [TestCase("+448451234567", 44, "GB")] // UK 0845: libphonenumber files the UK's "service numbers" under premium rate
    [TestCase("+19002345678", 1, "US")] // US 900
    [TestCase("+33891123456", 33, "FR")] // France 0891
    public void PremiumRateNumbers_AreClassifiedPremiumRate(string e164, int callingCode, string region) =>
        AssertClassified(e164, PhoneNumberType.PREMIUM_RATE, callingCode, region);

    [TestCase("+34901123456", 34, "ES")] // Spain 901
    [TestCase("+41840123456", 41, "CH")] // Switzerland 0840
    [TestCase("+611300123456", 61, "AU")] // Australia 1300
    public void SharedCostNumbers_AreClassifiedSharedCost(string e164, int callingCode, string region) =>
        AssertClassified(e164, PhoneNumberType.SHARED_COST, callingCode, region);

    [TestCase("+447012345678", 44, "GB")] // UK 070 "follow-me" numbers
    [TestCase("+15002345678", 1, "US")] // US 500
    public void PersonalNumbers_AreClassifiedPersonal(string e164, int callingCode, string region) =>
        AssertClassified(e164, PhoneNumberType.PERSONAL_NUMBER, callingCode, region);

    [Test]
    public void UkVoipNumber_IsClassifiedVoip() => AssertClassified("+445612345678", PhoneNumberType.VOIP, 44, "GB");

    [Test]
    public void UkMobileNumber_IsClassifiedMobile() => AssertClassified("+447400123456", PhoneNumberType.MOBILE, 44, "GB");

    [Test]
    public void GlobalSatelliteNumber_KeepsItsThreeDigitCallingCode() =>
        AssertClassified("+8816123456789", PhoneNumberType.MOBILE, 881, "001");

    [TestCase("+447700900123", 44)] // Ofcom's drama range
    [TestCase("+15555550100", 1)] // NANP 555-01xx
    [TestCase("+15550100000", 1)] // the load tool's +1 555… numbers
    public void FictitiousTestRanges_AreUnknownButKeepTheirCallingCode(string e164, int callingCode)
    {
        var destination = Destination.Of(e164);

        Assert.That(destination.Type, Is.EqualTo(PhoneNumberType.UNKNOWN));
        Assert.That(destination.CallingCode, Is.EqualTo(callingCode));
        Assert.That(destination.Region, Is.EqualTo("ZZ"));
    }

    [Test]
    public void NumberWithoutAnAssignedCallingCode_IsUnassignedRatherThanAnError()
    {
        var destination = Destination.Of("+99912345678");

        Assert.That(destination, Is.EqualTo(Destination.Unassigned));
        Assert.That(destination.Region, Is.EqualTo("ZZ"));
    }

    [TestCase("+14155550100", 1)]
    [TestCase("+447700900123", 44)]
    [TestCase("+35312345678", 353)]
    [TestCase("+8816123456789", 881)]
    [TestCase("+99912345678", 0)]
    [TestCase("+80012345678", 800)]
    public void CallingCodeOf_IsTheAssignedPrefix(string e164, int expected) =>
        Assert.That(Destination.CallingCodeOf(e164), Is.EqualTo(expected));

    [TestCase("+447700900123", "44")]
    [TestCase("+14155550100", "1")]
    [TestCase("+33601020304", "33")]
    [TestCase("+99912345678", "unknown")]
    public void CountryLabel_IsTheCallingCode_NeverTheNumber(string e164, string expected) =>
        Assert.That(Destination.Of(e164).CountryLabel, Is.EqualTo(expected));

    [TestCase("44", true)]
    [TestCase("+44", true)]
    [TestCase("1", true)]
    [TestCase("881", true)]
    [TestCase("999", false)]
    [TestCase("044", false)]
    [TestCase("4", false)]
    [TestCase("1234", false)]
    [TestCase("", false)]
    [TestCase("4a", false)]
    public void IsAssignedCallingCode_KnowsTheItuAssignments(string code, bool expected) =>
        Assert.That(Destination.IsAssignedCallingCode(code), Is.EqualTo(expected));

    private static void AssertClassified(string e164, PhoneNumberType type, int callingCode, string region)
    {
        var destination = Destination.Of(e164);

        Assert.Multiple(() =>
        {
            Assert.That(destination.Type, Is.EqualTo(type));
            Assert.That(destination.CallingCode, Is.EqualTo(callingCode));
            Assert.That(destination.Region, Is.EqualTo(region));
        });
    }
}
