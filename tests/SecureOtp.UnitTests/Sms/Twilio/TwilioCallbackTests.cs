using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Twilio;

namespace SecureOtp.UnitTests.Sms.Twilio;

public sealed class TwilioCallbackTests
{
    // Twilio's published example (reference.md): token 12345, this URL and these parameters → this signature.
    private const string VectorUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string VectorSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static Dictionary<string, StringValues> VectorForm() => new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+14158675309",
        ["Digits"] = "1234",
        ["From"] = "+14158675309",
        ["To"] = "+18005551212",
    };

    private static TwilioCallbackSignature Signature(string? token = "12345", string? url = VectorUrl) =>
        new(Microsoft.Extensions.Options.Options.Create(new TwilioOptions
        {
            AuthToken = token, StatusCallbackUrl = url is null ? null : new Uri(url),
        }));

    [Test]
    public void PublishedVector_IsValid() =>
        Assert.That(Signature().IsValid(new FormCollection(VectorForm()), VectorSignature), Is.True);

    [Test]
    public void TamperedParameter_IsRefused()
    {
        var form = VectorForm();
        form["Digits"] = "1235";
        Assert.That(Signature().IsValid(new FormCollection(form), VectorSignature), Is.False);
    }

    [Test]
    public void AddedParameter_IsRefused()
    {
        var form = VectorForm();
        form["MessageStatus"] = "delivered";
        Assert.That(Signature().IsValid(new FormCollection(form), VectorSignature), Is.False);
    }

    [Test]
    public void RepeatedParameter_IsRefused()
    {
        var form = VectorForm();
        form["Digits"] = new StringValues(["1234", "1234"]);
        Assert.That(Signature().IsValid(new FormCollection(form), VectorSignature), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("not base64 at all")]
    public void MissingOrForgedSignature_IsRefused(string? signature) =>
        Assert.That(Signature().IsValid(new FormCollection(VectorForm()), signature), Is.False);

    [Test]
    public void AnotherToken_IsRefused() =>
        Assert.That(Signature(token: "54321").IsValid(new FormCollection(VectorForm()), VectorSignature), Is.False);

    [Test]
    public void AnotherUrl_IsRefused() =>
        Assert.That(Signature(url: "https://mycompany.com/myapp.php?foo=1&bar=3").IsValid(new FormCollection(VectorForm()), VectorSignature), Is.False);

    [TestCase(null, VectorUrl)]
    [TestCase("12345", null)]
    public void WithoutTokenOrUrl_NothingIsValid(string? token, string? url) =>
        Assert.That(Signature(token, url).IsValid(new FormCollection(VectorForm()), VectorSignature), Is.False);

    [TestCase("queued", DeliveryStatus.Submitted)]
    [TestCase("sent", DeliveryStatus.Submitted)]
    [TestCase("delivered", DeliveryStatus.Delivered)]
    [TestCase("undelivered", DeliveryStatus.Failed)]
    [TestCase("failed", DeliveryStatus.Failed)]
    [TestCase("canceled", null)]
    public void Parse_MapsTheStatus(string status, string? expected)
    {
        var callback = TwilioStatusCallback.Parse(new FormCollection(new Dictionary<string, StringValues>
        {
            ["MessageSid"] = "SM0123456789abcdef0123456789abcdef", ["MessageStatus"] = status, ["ErrorCode"] = "30003", ["SmsSid"] = "x",
        }));

        Assert.That(callback, Is.Not.Null);
        Assert.That(callback!.DeliveryStatus, Is.EqualTo(expected));
        Assert.That(callback.ErrorCode, Is.EqualTo(30003));
        Assert.That(callback.MessageSid, Is.EqualTo("SM0123456789abcdef0123456789abcdef"));
    }

    [TestCase(null, "delivered")]
    [TestCase("SM123", "delivered")]
    [TestCase("SM0123456789abcdef0123456789abcdef", null)]
    public void Parse_WithoutAWellFormedSidOrStatus_IsNull(string? sid, string? status)
    {
        var form = new Dictionary<string, StringValues>();
        if (sid is not null)
        {
            form["MessageSid"] = sid;
        }

        if (status is not null)
        {
            form["MessageStatus"] = status;
        }

        Assert.That(TwilioStatusCallback.Parse(new FormCollection(form)), Is.Null);
    }
}
