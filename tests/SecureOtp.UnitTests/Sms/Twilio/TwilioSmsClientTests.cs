using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Twilio;

namespace SecureOtp.UnitTests.Sms.Twilio;

public sealed class TwilioSmsClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [TestCase(300.0, 300)]
    [TestCase(299.2, 300)]   // rounded up: the text may live as long as the code, never shorter
    [TestCase(0.4, 1)]
    [TestCase(-5.0, 1)]      // Twilio's floor
    [TestCase(40_000.0, 36_000)] // Twilio's ceiling
    public void ValidityPeriod_IsTheCodesRemainingLifetime_WithinTwilioBounds(double secondsLeft, int expected) =>
        Assert.That(TwilioSmsClient.ValidityPeriod(Now.AddSeconds(secondsLeft), Now), Is.EqualTo(expected));

    [Test]
    public void ValidityPeriod_UnknownExpiry_IsLeftToTwilio() =>
        Assert.That(TwilioSmsClient.ValidityPeriod(null, Now), Is.Null);

    [Test]
    public void CreateOptions_CarriesToBodyValidityAndCallback()
    {
        var twilio = new TwilioOptions
        {
            From = "+15005550006", StatusCallbackUrl = new Uri("https://otp.example.com/webhooks/twilio/message-status"),
        };
        var message = new SmsMessage("+447700900000", "123456 is your code", "ref", Now.AddMinutes(5));

        var create = TwilioSmsClient.CreateOptions(message, twilio, Now);
        var form = create.GetParams().ToDictionary(p => p.Key, p => p.Value);

        Assert.That(form["To"], Is.EqualTo("+447700900000"));
        Assert.That(form["From"], Is.EqualTo("+15005550006"));
        Assert.That(form["Body"], Is.EqualTo("123456 is your code"));
        Assert.That(form["ValidityPeriod"], Is.EqualTo("300"));
        Assert.That(form["StatusCallback"], Is.EqualTo("https://otp.example.com/webhooks/twilio/message-status?ref=ref"), "the message's reference rides in its callback URL");
        Assert.That(form, Does.Not.ContainKey("MessagingServiceSid"));
    }

    [Test]
    public void CreateOptions_WithAMessagingService_SendsNoFrom_AndWithoutExpiryNoValidity()
    {
        var twilio = new TwilioOptions { MessagingServiceSid = "MG0123456789abcdef0123456789abcdef" };

        var form = TwilioSmsClient.CreateOptions(new SmsMessage("+447700900000", "t", "ref"), twilio, Now)
            .GetParams().ToDictionary(p => p.Key, p => p.Value);

        Assert.That(form["MessagingServiceSid"], Is.EqualTo("MG0123456789abcdef0123456789abcdef"));
        Assert.That(form, Does.Not.ContainKey("From").And.Not.ContainKey("ValidityPeriod").And.Not.ContainKey("StatusCallback"));
    }

    [TestCase("http://127.0.0.1:5090", "http://127.0.0.1:5090/2010-04-01/Accounts/AC1/Messages.json")]
    [TestCase("https://proxy.example.com/twilio/", "https://proxy.example.com/twilio/2010-04-01/Accounts/AC1/Messages.json")]
    [TestCase("https://api.twilio.com", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")]
    public void Rewrite_KeepsTwiliosPath_UnderTheBaseUrl(string baseUrl, string expected) =>
        Assert.That(
            TwilioHttpHandler.Rewrite(new Uri("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"), new Uri(baseUrl)).ToString(),
            Is.EqualTo(expected));
}
