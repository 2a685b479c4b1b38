using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Sms;

/// <summary>The text of a code bound to a payment: it names the amount, as the language writes money, and the payee.</summary>
public sealed class SmsPaymentTextTests
{
    private const string Code = "123456";
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly SmsPayment Acme = new("49.99", "EUR", "ACME Ltd");

    [Test]
    public void English_NamesAmountAndPayee() =>
        Assert.That(Composer().Compose(Code, "en", FiveMinutes, null, Acme),
            Is.EqualTo("123456 is your SecureOtp code to pay €49.99 to ACME Ltd. It expires in 5 min. Never share it."));

    [Test]
    public void German_WritesTheAmountTheGermanWay() =>
        Assert.That(Composer().Compose(Code, "de-AT", FiveMinutes, null, Acme),
            Is.EqualTo("123456 ist Ihr SecureOtp Code zur Zahlung von 49,99 € an ACME Ltd. Gültig 5 Min. Nie weitergeben."));

    [TestCase("en", "1234567.89", "EUR", "€1,234,567.89")]
    [TestCase("de", "1234567.89", "EUR", "1.234.567,89 €")]
    [TestCase("es", "1234567.89", "EUR", "1.234.567,89 €")]
    [TestCase("fr", "1234567.89", "EUR", "1 234 567,89 €")]
    [TestCase("en", "10.50", "GBP", "£10.50")]
    [TestCase("en", "500", "JPY", "JPY 500")]
    [TestCase("de", "500", "JPY", "500 JPY")]
    [TestCase("en", "49.90", "USD", "USD 49.90")]
    [TestCase("en", "1.250", "BHD", "BHD 1.250")]
    [TestCase("fr", "1.250", "KWD", "1,250 KWD")]
    [TestCase("en", "0.01", "EUR", "€0.01")]
    [TestCase("it", "49.99", "EUR", "€49.99")]
    public void Amount_IsWrittenAsTheLanguageWritesMoney(string language, string amount, string currency, string expected) =>
        Assert.That(new SmsPayment(amount, currency, "x").FormatAmount(language), Is.EqualTo(expected));

    [Test]
    public void EveryShippedLanguage_NamesAmountAndPayee([ValueSource(nameof(Languages))] string locale)
    {
        var text = Composer().Compose(Code, locale, FiveMinutes, null, Acme);

        Assert.That(text, Does.StartWith(Code).And.Contain("49").And.Contain("99").And.Contain("€").And.Contain("ACME Ltd").And.Contain("5 "));
        Assert.That(text, Is.Not.EqualTo(Composer().Compose(Code, locale, FiveMinutes, null)), "not the plain template");
        Assert.That(Gsm7Reference.Septets(text), Is.Not.Null, "the shipped payment templates are GSM-7");
    }

    [Test]
    public void UnknownLocale_FallsBackToEnglish_AmountIncluded() =>
        Assert.That(Composer().Compose(Code, "pt-BR", FiveMinutes, null, Acme), Is.EqualTo(Composer().Compose(Code, "en", FiveMinutes, null, Acme)));

    [Test]
    public void ConfiguredTemplate_WinsForItsLocale_AndTheAmountFollowsItsLanguage()
    {
        var composer = new SmsTextComposer(Options.Create(new SmsOptions
        {
            PaymentTemplates = { ["fr-CA"] = "{code}: payer {amount} à {payee}" },
        }));

        Assert.That(composer.Compose(Code, "fr-CA", FiveMinutes, null, Acme), Is.EqualTo("123456: payer 49,99 € à ACME Ltd"));
    }

    [Test]
    public void PayeeText_IsNeverSearchedForPlaceholders() =>
        Assert.That(Composer().Compose(Code, "en", FiveMinutes, null, Acme with { Payee = "{code} {brand} {amount}" }),
            Does.Contain("to {code} {brand} {amount}.").And.Not.Contain("123456 {"));

    [Test]
    public void WorstCaseGsm7_TakesAtMostTwoParts([ValueSource(nameof(Languages))] string locale)
    {
        var text = Longest(locale, new string('P', 64));

        Assert.That(Gsm7.IsGsm7(text), Is.True);
        Assert.That(Gsm7.Parts(text), Is.LessThanOrEqualTo(2), text);
    }

    [Test]
    public void WorstCaseUcs2_TakesAtMostThreeParts_OrFourBeyondTheBmp([ValueSource(nameof(Languages))] string locale)
    {
        var cjk = Longest(locale, new string('東', 64));
        var emoji = Longest(locale, string.Concat(Enumerable.Repeat("😀", 64)));

        Assert.That(Gsm7.IsGsm7(cjk), Is.False, "a non-GSM payee switches the text to UCS-2");
        Assert.That(cjk.Length, Is.LessThanOrEqualTo(200), cjk);
        Assert.That(Gsm7.Parts(cjk), Is.LessThanOrEqualTo(3), cjk);
        Assert.That(Gsm7.Parts(emoji), Is.LessThanOrEqualTo(4), emoji);
    }

    /// <summary>A 10-digit code, a 30-character brand, 10 minutes, and the widest amount: 15 integer digits, 4 decimals.</summary>
    private static string Longest(string locale, string payee) =>
        Composer(new string('B', 30)).Compose("0123456789", locale, TimeSpan.FromMinutes(10), null, new SmsPayment("999999999999999.9999", "CLF", payee));

    private static IEnumerable<string> Languages() => SmsTextComposer.DefaultPaymentTemplates.Keys;

    private static SmsTextComposer Composer(string brand = "SecureOtp") => new(Options.Create(new SmsOptions { Brand = brand }));
}
