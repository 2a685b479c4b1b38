using SecureOtp.Api.Sms.Twilio;

namespace SecureOtp.UnitTests.Sms.Twilio;

public sealed class TwilioOptionsValidatorTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string KeySid = "SK0123456789abcdef0123456789abcdef";
    private const string ServiceSid = "MG0123456789abcdef0123456789abcdef";

    private static TwilioOptions Valid() => new() { AccountSid = AccountSid, AuthToken = "token-secret-value", From = "+15005550006" };

    private static IEnumerable<string> Failures(TwilioOptions options) =>
        new TwilioOptionsValidator().Validate(null, options).Failures ?? [];

    [Test]
    public void NothingSet_IsValid_TwilioIsSimplyNotUsed() =>
        Assert.That(Failures(new TwilioOptions()), Is.Empty);

    [Test]
    public void AccountAndTokenAndFrom_IsValid() => Assert.That(Failures(Valid()), Is.Empty);

    [Test]
    public void ApiKeyWithMessagingService_IsValid()
    {
        var options = Valid();
        options.AuthToken = null;
        options.From = null;
        options.ApiKeySid = KeySid;
        options.ApiKeySecret = "key-secret-value";
        options.MessagingServiceSid = ServiceSid;

        Assert.That(Failures(options), Is.Empty);
    }

    private static IEnumerable<TestCaseData> Broken()
    {
        yield return Case("AccountSid", o => o.AccountSid = "AC123");
        yield return Case("AccountSid", o => o.AccountSid = "SK0123456789abcdef0123456789abcdef");
        yield return Case("AccountSid", o => o.AccountSid = null);
        yield return Case("AuthToken", o => o.AuthToken = null);
        yield return Case("ApiKeySid", o => (o.ApiKeySid, o.ApiKeySecret) = ("AC0123456789abcdef0123456789abcdef", "s"));
        yield return Case("ApiKeySecret", o => o.ApiKeySid = KeySid);
        yield return Case("MessagingServiceSid", o => (o.From, o.MessagingServiceSid) = (null, "MGxyz"));
        yield return Case("exactly one of Sms:Twilio:From and Sms:Twilio:MessagingServiceSid", o => o.MessagingServiceSid = ServiceSid);
        yield return Case("exactly one of Sms:Twilio:From and Sms:Twilio:MessagingServiceSid", o => o.From = null);
        yield return Case("From", o => o.From = "not a valid sender!");
        yield return Case("BaseUrl", o => o.BaseUrl = new Uri("ftp://api.example.com"));
        yield return Case("StatusCallbackUrl", o => o.StatusCallbackUrl = new Uri("/relative", UriKind.Relative));
        // Twilio signs callbacks with the auth token, even when texts go out with an API key.
        yield return Case("AuthToken is required when Sms:Twilio:StatusCallbackUrl", o =>
        {
            (o.AuthToken, o.ApiKeySid, o.ApiKeySecret) = (null, KeySid, "key-secret-value");
            o.StatusCallbackUrl = new Uri("https://otp.example.com/webhooks/twilio/message-status");
        });
    }

    private static TestCaseData Case(string key, Action<TwilioOptions> breakIt) => new TestCaseData(key, breakIt).SetArgDisplayNames(key);

    [TestCaseSource(nameof(Broken))]
    public void EachBrokenKey_IsNamed_WithoutItsSecret(string key, object breakIt)
    {
        var options = Valid();
        // object: the options type is internal, and NUnit needs a public test method.
        ((Action<TwilioOptions>)breakIt)(options);

        var failures = Failures(options).ToList();

        Assert.That(failures, Has.Some.Contains(key));
        Assert.That(string.Join(" ", failures), Does.Not.Contain("token-secret-value").And.Not.Contain("key-secret-value"));
    }
}
