using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Sms;

public sealed class SmsTextComposerTests
{
    private const string Code = "048213";
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly string[] RequiredLocales = ["en", "es", "fr", "de"];

    [Test]
    public void Compose_ContainsCodeBrandAndMinutes([ValueSource(nameof(AllLocales))] string locale)
    {
        var text = Composer(brand: "Acme Bank").Compose(Code, locale, FiveMinutes, appHash: null);

        Assert.That(text, Does.Contain(Code));
        Assert.That(text, Does.Contain("Acme Bank"));
        Assert.That(text, Does.Contain("5 min").IgnoreCase);
    }

    [TestCase(90, "2 min")]
    [TestCase(600, "10 min")]
    [TestCase(10, "1 min")]
    public void Compose_MinutesToExpiry_RoundsUp(int ttlSeconds, string expected) =>
        Assert.That(Composer().Compose(Code, "en", TimeSpan.FromSeconds(ttlSeconds), null), Does.Contain(expected));

    [Test]
    public void Compose_KnownLocales_AreDistinctLanguages()
    {
        var composer = Composer();
        var texts = AllLocales().Select(l => composer.Compose(Code, l, FiveMinutes, null)).ToList();

        Assert.That(AllLocales(), Is.SupersetOf(RequiredLocales));
        Assert.That(texts, Is.Unique);
    }

    [TestCase("es-MX", "es")]
    [TestCase("ES", "es")]
    [TestCase("fr-CA", "fr")]
    [TestCase("de-AT", "de")]
    [TestCase("xx", "en")]
    [TestCase("pt-BR", "en")]
    [TestCase("", "en")]
    [TestCase(null, "en")]
    public void Compose_Locale_FallsBackToLanguageThenEnglish(string? locale, string expectedLanguage)
    {
        var composer = Composer();

        Assert.That(composer.Compose(Code, locale, FiveMinutes, null), Is.EqualTo(composer.Compose(Code, expectedLanguage, FiveMinutes, null)));
    }

    [Test]
    public void Compose_SpanishRegion_IsNotEnglish()
    {
        var composer = Composer();

        Assert.That(composer.Compose(Code, "es-MX", FiveMinutes, null), Is.Not.EqualTo(composer.Compose(Code, "en", FiveMinutes, null)));
    }

    [Test]
    public void Compose_WithWebOtpDomain_EndsWithTheWebOtpLine()
    {
        var text = Composer(webOtpDomain: "login.example.com").Compose(Code, "en", FiveMinutes, null);

        Assert.That(Lines(text)[^1], Is.EqualTo("@login.example.com #048213"));
    }

    [Test]
    public void Compose_WithoutWebOtpDomain_HasNoWebOtpLine() =>
        Assert.That(Composer().Compose(Code, "en", FiveMinutes, null), Does.Not.Contain("@").And.Not.Contain("#"));

    [Test]
    public void Compose_WithAppHash_AppendsItAsTheLastLine()
    {
        var text = Composer().Compose(Code, "en", FiveMinutes, "FA+9qCX9VSu");

        Assert.That(Lines(text)[^1], Is.EqualTo("FA+9qCX9VSu"));
    }

    [Test]
    public void Compose_WithAppHashAndWebOtpDomain_PutsTheAppHashBeforeTheWebOtpLine()
    {
        var lines = Lines(Composer(webOtpDomain: "login.example.com").Compose(Code, "de", FiveMinutes, "FA+9qCX9VSu"));

        Assert.That(lines[^2], Is.EqualTo("FA+9qCX9VSu"));
        Assert.That(lines[^1], Is.EqualTo("@login.example.com #048213"));
    }

    [Test]
    public void Compose_LongestCodeAndBrand_IsOneGsm7Part([ValueSource(nameof(AllLocales))] string locale)
    {
        const string Brand = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcd";
        Assume.That(Brand, Has.Length.EqualTo(30));

        var text = Composer(brand: Brand).Compose("0123456789", locale, TimeSpan.FromMinutes(10), null);

        var septets = Gsm7Reference.Septets(text);
        Assert.That(septets, Is.Not.Null, $"not GSM-7: {text}");
        Assert.That(septets, Is.LessThanOrEqualTo(160), text);
    }

    [Test]
    public void Compose_LongestCodeAndBrandWithAppHash_StaysOneGsm7Part([ValueSource(nameof(AllLocales))] string locale)
    {
        var text = Composer(brand: new string('B', 30)).Compose("0123456789", locale, TimeSpan.FromMinutes(10), "FA+9qCX9VSu");

        Assert.That(Gsm7Reference.Septets(text), Is.Not.Null.And.LessThanOrEqualTo(160), text);
    }

    private static IEnumerable<string> AllLocales() => SmsTextComposer.DefaultTemplates.Keys;

    private static string[] Lines(string text) => text.Split('\n');

    private static SmsTextComposer Composer(string brand = "SecureOtp", string? webOtpDomain = null) =>
        new(Options.Create(new SmsOptions { Brand = brand, WebOtpDomain = webOtpDomain }));
}
