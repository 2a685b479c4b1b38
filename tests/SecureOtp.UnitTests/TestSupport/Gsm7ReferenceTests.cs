namespace SecureOtp.UnitTests.TestSupport;

/// <summary>The checker the SMS tests rely on must itself tell GSM-7 from not.</summary>
public sealed class Gsm7ReferenceTests
{
    [TestCase("abc 123", 7)]
    [TestCase("Bestätigungscode vérification", 29)]
    [TestCase("€[x]", 7)]
    public void Septets_OfGsm7Text_CountsExtensionCharactersTwice(string text, int expected) =>
        Assert.That(Gsm7Reference.Septets(text), Is.EqualTo(expected));

    [TestCase("código")]
    [TestCase("ç")]
    [TestCase("smile 😀")]
    [TestCase("١٢٣")]
    public void Septets_OfTextOutsideTheAlphabet_IsNull(string text) =>
        Assert.That(Gsm7Reference.Septets(text), Is.Null);
}
