using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Twilio;

namespace SecureOtp.UnitTests.Sms.Twilio;

public sealed class TwilioResponseClassifierTests
{
    // (HTTP status, Twilio code) → class. Every code the router treats specially, and the HTTP fallbacks.
    [TestCase(400, 21211, "NumberRefused", null)]
    [TestCase(400, 21614, "NumberRefused", null)]
    [TestCase(400, 21610, "NumberRefused", null)]
    [TestCase(400, 21408, "CertainlyNotSent", "RouteRefused")]
    [TestCase(400, 21612, "CertainlyNotSent", "RouteRefused")]
    [TestCase(400, 21606, "CertainlyNotSent", "RouteRefused")]
    [TestCase(400, 21611, "CertainlyNotSent", "RouteRefused")]
    [TestCase(429, 20429, "CertainlyNotSent", "Transient")]
    [TestCase(400, 20429, "CertainlyNotSent", "Transient")]
    [TestCase(429, 0, "CertainlyNotSent", "Transient")]
    [TestCase(503, 0, "CertainlyNotSent", "Transient")]
    [TestCase(503, 20503, "CertainlyNotSent", "Transient")]
    [TestCase(500, 0, "Unknown", null)]
    [TestCase(500, 20500, "Unknown", null)]
    [TestCase(502, 0, "Unknown", null)]
    [TestCase(504, 0, "Unknown", null)]
    [TestCase(401, 20003, "CertainlyNotSent", "Configuration")]
    [TestCase(404, 20404, "CertainlyNotSent", "Configuration")]
    [TestCase(400, 21604, "CertainlyNotSent", "Configuration")]
    [TestCase(0, 0, "Unknown", null)]
    [TestCase(201, 0, "Unknown", null)]
    public void ClassifyError_SortsEveryCode(int http, int code, string expected, string? cause)
    {
        var result = TwilioResponseClassifier.ClassifyError(http, code, null);

        Assert.That(result.GetType().Name, Is.EqualTo(expected));
        if (cause is not null)
        {
            Assert.That(((ProviderSendResult.CertainlyNotSent)result).Cause.ToString(), Is.EqualTo(cause));
        }
    }

    [Test]
    public void ClassifyError_Labels_NameTheCode_OrElseTheStatus()
    {
        Assert.That(TwilioResponseClassifier.ClassifyError(400, 21211, null).Label, Is.EqualTo("twilio_21211"));
        Assert.That(TwilioResponseClassifier.ClassifyError(502, 0, null).Label, Is.EqualTo("http_502"));
    }

    [Test]
    public void ClassifyError_Throttling_KeepsTheAdvertisedWait()
    {
        var wait = TimeSpan.FromSeconds(2);
        var result = (ProviderSendResult.CertainlyNotSent)TwilioResponseClassifier.ClassifyError(429, 20429, wait);

        Assert.That(result.RetryAfter, Is.EqualTo(wait));
    }

    [Test]
    public void Accepted_WithASid_IsSent_WithoutOne_IsUnknown()
    {
        Assert.That(TwilioResponseClassifier.Accepted("SM0123"), Is.EqualTo(new ProviderSendResult.Sent(["SM0123"])).Using<ProviderSendResult>(
            (a, b) => a is ProviderSendResult.Sent x && b is ProviderSendResult.Sent y && x.MessageIds.SequenceEqual(y.MessageIds)));
        Assert.That(TwilioResponseClassifier.Accepted(null), Is.TypeOf<ProviderSendResult.Unknown>());
    }

    [Test]
    public void Classify_ConnectionRefused_IsCertainlyNotSent_ButALostAnswerIsUnknown()
    {
        using var attempt = TwilioAttemptContext.Begin(CancellationToken.None);
        var refused = new global::Twilio.Exceptions.ApiConnectionException("x",
            new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var lost = new global::Twilio.Exceptions.ApiConnectionException("x",
            new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));

        Assert.That(TwilioResponseClassifier.Classify(refused, attempt), Is.TypeOf<ProviderSendResult.CertainlyNotSent>());
        Assert.That(TwilioResponseClassifier.Classify(lost, attempt), Is.TypeOf<ProviderSendResult.Unknown>());
    }

    [Test]
    public void Classify_ANonJsonGatewayAnswer_UsesTheStatusTheHandlerSaw()
    {
        // The SDK throws ApiException with Status 0 when the error body is not Twilio's JSON (a gateway's 503 page).
        using var attempt = TwilioAttemptContext.Begin(CancellationToken.None);
        attempt.Answered(System.Net.HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1));

        var result = TwilioResponseClassifier.Classify(new global::Twilio.Exceptions.ApiException("Api Error: 503 - <html>"), attempt);

        Assert.That(result, Is.EqualTo(new ProviderSendResult.CertainlyNotSent("http_503", TimeSpan.FromSeconds(1), NotSentCause.Transient)));
    }

    [Test]
    public void ToSmsSendResult_KeepsTodaysContract()
    {
        Assert.That(new ProviderSendResult.NumberRefused("twilio_21211").ToSmsSendResult(),
            Is.EqualTo(new SmsSendResult.DestinationUnreachable("twilio_21211")));
        Assert.That(new ProviderSendResult.Unknown("timeout").ToSmsSendResult(), Is.TypeOf<SmsSendResult.Unavailable>());
        Assert.That(new ProviderSendResult.CertainlyNotSent("twilio_21408", null, NotSentCause.RouteRefused).ToSmsSendResult(),
            Is.TypeOf<SmsSendResult.Unavailable>());
    }
}
