using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Sms.Vonage;

public sealed class VonageSmsClientTests
{
    private static readonly string[] DocumentedFields = ["api_key", "api_secret", "from", "to", "text", "client-ref"];

    [Test]
    public async Task Submit_PostsExactlyTheDocumentedFormFields()
    {
        var harness = new VonageHarness();

        await harness.SendAsync("123456 is your code");

        var form = harness.Endpoint.Forms.Single();
        Assert.That(form.Keys, Is.EquivalentTo(DocumentedFields));
        Assert.Multiple(() =>
        {
            Assert.That(form["api_key"], Is.EqualTo("key-123"));
            Assert.That(form["api_secret"], Is.EqualTo("secret-456"));
            Assert.That(form["from"], Is.EqualTo("SecureOtp"));
            Assert.That(form["to"], Is.EqualTo("447700900000"), "digits only, no '+'");
            Assert.That(form["text"], Is.EqualTo("123456 is your code"));
            Assert.That(form["client-ref"], Is.EqualTo("ref-abc"));
            Assert.That(harness.Endpoint.Urls.Single().ToString(), Is.EqualTo("http://vonage.test/base/sms/json"));
        });
    }

    [TestCase("Ihr Code: 123456. Gültig 5 Min.", false)]
    [TestCase("Votre code : 123456 (vérification)", false)]
    [TestCase("Tu código: 123456", true)]
    [TestCase("Ваш код 123456", true)]
    [TestCase("您的验证码 123456", true)]
    [TestCase("code 123456 €", false)]
    public void Form_AddsUnicodeTypeOnlyWhenGsm7CannotCarryTheText(string text, bool unicode)
    {
        var options = new VonageOptions { ApiKey = "k", ApiSecret = "s", From = "Brand" };
        var form = VonageSmsClient.Form(new SmsMessage("+33612345678", text, "r"), options, DateTimeOffset.UnixEpoch);

        Assert.That(form.Any(kv => kv is { Key: "type", Value: "unicode" }), Is.EqualTo(unicode));
    }

    [Test]
    public void Form_TruncatesClientRefToVonagesLimit()
    {
        var options = new VonageOptions { ApiKey = "k", ApiSecret = "s", From = "Brand" };
        var form = VonageSmsClient.Form(new SmsMessage("+33612345678", "t", new string('r', 50)), options, DateTimeOffset.UnixEpoch);

        Assert.That(form.Single(kv => kv.Key == "client-ref").Value, Has.Length.EqualTo(40));
    }

    [TestCase(300_000, "300000")]
    [TestCase(299_400.5, "299401")]
    [TestCase(5_000, "20000")]
    public void Form_SendsTheCodesRemainingLifeAsTtl_NoLessThanVonagesMinimum(double remainingMs, string ttl)
    {
        var options = new VonageOptions { ApiKey = "k", ApiSecret = "s", From = "Brand" };
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var form = VonageSmsClient.Form(new SmsMessage("+33612345678", "t", "r", now.AddMilliseconds(remainingMs)), options, now);

        Assert.That(form.Single(kv => kv.Key == "ttl").Value, Is.EqualTo(ttl));
    }

    [Test]
    public void Form_WithoutAnExpiry_SendsNoTtl() =>
        Assert.That(VonageSmsClient.Form(new SmsMessage("+33612345678", "t", "r"), new VonageOptions { ApiKey = "k", ApiSecret = "s", From = "B" },
            DateTimeOffset.UnixEpoch).Any(kv => kv.Key == "ttl"), Is.False);

    [TestCase("https://rest.nexmo.com", "https://rest.nexmo.com/sms/json")]
    [TestCase("https://rest.nexmo.com/", "https://rest.nexmo.com/sms/json")]
    [TestCase("http://127.0.0.1:5090/vonage", "http://127.0.0.1:5090/vonage/sms/json")]
    public void Endpoint_AppendsSmsJsonToTheBaseUrl(string baseUrl, string expected) =>
        Assert.That(VonageSmsClient.Endpoint(new Uri(baseUrl)).ToString(), Is.EqualTo(expected));
}
