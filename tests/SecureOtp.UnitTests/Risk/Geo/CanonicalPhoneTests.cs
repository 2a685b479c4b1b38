using PhoneNumbers;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.UnitTests.Risk.Geo;

/// <summary>
/// One number, one form: the spellings a trunk prefix allows after the calling code become libphonenumber's E.164 form,
/// numbers whose zeros belong to them keep them, and what libphonenumber cannot read keeps the strict rule's form.
/// </summary>
public sealed class CanonicalPhoneTests
{
    [TestCase("+447911123457")]
    [TestCase("+4407911123457")] // the UK trunk prefix 0 after +44
    [TestCase("+44007911123457")] // one pass strips one 0: applied until nothing changes
    [TestCase("+440000007911123457")]
    public void UkMobile_EverySpellingIsOneNumber(string spelling) =>
        Assert.That(CanonicalPhone.Of(spelling).E164, Is.EqualTo("+447911123457"));

    [TestCase("+4407700900123", "+447700900123")] // Ofcom's drama range: invalid to libphonenumber, yet possible
    [TestCase("+330612345678", "+33612345678")] // France
    [TestCase("+49030123456", "+4930123456")] // Germany
    [TestCase("+3530851234567", "+353851234567")] // Ireland
    [TestCase("+789161234567", "+79161234567")] // Russia's trunk prefix is 8
    public void TrunkPrefixAfterTheCallingCode_IsDropped(string spelling, string canonical) =>
        Assert.That(CanonicalPhone.Of(spelling).E164, Is.EqualTo(canonical));

    [TestCase("+390612345678")] // Rome: the 0 is part of an Italian number
    [TestCase("+3906123456")]
    [TestCase("+393123456789")] // Italian mobile
    [TestCase("+78001234567")] // Russian toll free starts with 8, the trunk prefix: not stripped
    public void NumbersWhoseLeadingDigitsBelongToThem_AreKept(string e164)
    {
        var phone = CanonicalPhone.Of(e164);

        Assert.That(phone.E164, Is.EqualTo(e164));
        Assert.That(phone.Destination.Type, Is.Not.EqualTo(PhoneNumberType.UNKNOWN), "a valid number, classified");
    }

    [TestCase("+14155550100", "+14155550100")]
    [TestCase("+114155550100", "+14155550100")] // the NANP trunk prefix 1 after +1
    [TestCase("+1114155550100", "+14155550100")]
    [TestCase("+15555550100", "+15555550100")] // fictitious 555-01xx stays as it is
    [TestCase("+12015550123", "+12015550123")]
    public void NanpNumbers_AreOneFormToo(string spelling, string canonical) =>
        Assert.That(CanonicalPhone.Of(spelling).E164, Is.EqualTo(canonical));

    [TestCase("+99912345678")] // no assigned calling code: libphonenumber cannot read it
    [TestCase("+88112345678")] // a satellite number of a length its range does not have
    [TestCase("+541115234567890")] // read as a number of impossible length: not trusted, kept as written
    public void WhatLibphonenumberCannotCanonicalize_KeepsItsStrictForm(string e164) =>
        Assert.That(CanonicalPhone.Of(e164).E164, Is.EqualTo(e164));

    [Test]
    public void CanonicalForm_IsItsOwnCanonicalForm()
    {
        foreach (var spelling in new[] { "+44007911123457", "+1114155550100", "+330612345678", "+390612345678", "+99912345678" })
        {
            var once = CanonicalPhone.Of(spelling).E164;
            Assert.That(CanonicalPhone.Of(once).E164, Is.EqualTo(once), spelling);
        }
    }

    [Test]
    public void Destination_IsTheCanonicalNumbers()
    {
        var phone = CanonicalPhone.Of("+4407911123457");

        Assert.That(phone.Destination.CallingCode, Is.EqualTo(44));
        Assert.That(phone.Destination.Type, Is.EqualTo(PhoneNumberType.MOBILE));
        Assert.That(phone.Destination.CountryLabel, Is.EqualTo("44"));
    }

    [Test]
    public void UnassignedCallingCode_HasNoDestination() =>
        Assert.That(CanonicalPhone.Of("+99912345678").Destination, Is.EqualTo(Destination.Unassigned));

    [Test]
    public void Printed_TheNumberIsMasked()
    {
        var phone = CanonicalPhone.Of("+4407911123457");

        Assert.That(phone.ToString(), Is.EqualTo("+**********57"));
        Assert.That(phone.Masked, Is.EqualTo("+**********57"));
    }
}
