using SecureOtp.Api.Otp.Transactions;

namespace SecureOtp.UnitTests.Otp.Transactions;

public sealed class Iso4217Tests
{
    [TestCase("EUR", 2)]
    [TestCase("USD", 2)]
    [TestCase("GBP", 2)]
    [TestCase("JPY", 0)]
    [TestCase("KRW", 0)]
    [TestCase("ISK", 0)]
    [TestCase("XOF", 0)]
    [TestCase("BHD", 3)]
    [TestCase("KWD", 3)]
    [TestCase("JOD", 3)]
    [TestCase("TND", 3)]
    [TestCase("OMR", 3)]
    [TestCase("IQD", 3)]
    [TestCase("LYD", 3)]
    [TestCase("CLF", 4)]
    [TestCase("UYW", 4)]
    [TestCase("ZWG", 2)]
    [TestCase("XCG", 2)]
    public void MinorUnit_IsIso4217s(string code, int digits)
    {
        Assert.That(Iso4217.TryGetMinorUnit(code, out var actual), Is.True);
        Assert.That(actual, Is.EqualTo(digits));
    }

    [TestCase("eur")]
    [TestCase("XAU")]
    [TestCase("XDR")]
    [TestCase("XXX")]
    [TestCase("ZWL")]
    [TestCase("SLL")]
    [TestCase("HRK")]
    [TestCase("CUC")]
    public void CodesWithoutAMinorUnitOrNoLongerInUse_AreUnknown(string code) =>
        Assert.That(Iso4217.TryGetMinorUnit(code, out _), Is.False);

    [Test]
    public void EveryCode_IsThreeUpperCaseLetters_WithZeroToFourDigits()
    {
        Assert.That(Iso4217.Codes, Has.Count.InRange(150, 170), "ISO 4217 list one has about 160 codes in use");
        Assert.That(Iso4217.Codes, Has.All.Matches<string>(c => c.Length == 3 && c.All(char.IsAsciiLetterUpper)));
        Assert.That(Iso4217.Codes.Select(c => Iso4217.TryGetMinorUnit(c, out var d) ? d : -1), Has.All.InRange(0, 4));
    }
}
