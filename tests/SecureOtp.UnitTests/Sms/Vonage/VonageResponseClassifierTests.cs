using System.Net;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.Sms.Vonage;

public sealed class VonageResponseClassifierTests
{
    [Test]
    public void Classify_AllPartsZero_IsAccepted()
    {
        var body = """{"message-count":"2","messages":[{"status":"0","message-id":"A"},{"status":"0","message-id":"B"}]}""";
        Assert.That(VonageResponseClassifier.Classify(HttpStatusCode.OK, body).Outcome, Is.EqualTo(VonageOutcome.Accepted));
    }

    [Test]
    public void Classify_OnePartFailing_IsNotAccepted()
    {
        var body = """{"message-count":"2","messages":[{"status":"0","message-id":"A"},{"status":"5","error-text":"Internal Error"}]}""";
        var attempt = VonageResponseClassifier.Classify(HttpStatusCode.OK, body);
        Assert.That(attempt.Outcome, Is.EqualTo(VonageOutcome.NotSentTransient));
        Assert.That(attempt.VonageStatus, Is.EqualTo("5"));
    }

    [TestCase("1", "Throttled")]
    [TestCase("5", "NotSentTransient")]
    [TestCase("10", "NotSentTransient")]
    [TestCase("7", "DestinationRejected")]
    [TestCase("29", "RouteRefused")]
    [TestCase("33", "DestinationRejected")]
    [TestCase("2", "ConfigurationFault")]
    [TestCase("3", "ConfigurationFault")]
    [TestCase("4", "ConfigurationFault")]
    [TestCase("6", "RouteRefused")]
    [TestCase("8", "ConfigurationFault")]
    [TestCase("9", "ConfigurationFault")]
    [TestCase("11", "ConfigurationFault")]
    [TestCase("12", "ConfigurationFault")]
    [TestCase("14", "ConfigurationFault")]
    [TestCase("15", "ConfigurationFault")]
    public void ClassifyStatus_SortsEveryStatusClass(string status, string expected) =>
        Assert.That(VonageResponseClassifier.ClassifyStatus(status, "error", 200).Outcome.ToString(), Is.EqualTo(expected));

    [Test]
    public void ClassifyStatus_InvalidParamsNamingTheNumber_IsTheDestinationsProblem() =>
        Assert.That(VonageResponseClassifier.ClassifyStatus("3", "Invalid to number", 200).Outcome, Is.EqualTo(VonageOutcome.DestinationRejected));

    [TestCase(HttpStatusCode.TooManyRequests, "", "NotSentTransient")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "", "NotSentTransient")]
    [TestCase(HttpStatusCode.InternalServerError, "", "Ambiguous")]
    [TestCase(HttpStatusCode.BadGateway, "", "Ambiguous")]
    [TestCase(HttpStatusCode.GatewayTimeout, "", "Ambiguous")]
    [TestCase(HttpStatusCode.Unauthorized, "", "ConfigurationFault")]
    [TestCase(HttpStatusCode.OK, "not json", "Ambiguous")]
    [TestCase(HttpStatusCode.OK, """{"message-count":"0","messages":[]}""", "Ambiguous")]
    public void Classify_HttpClasses(HttpStatusCode code, string body, string expected) =>
        Assert.That(VonageResponseClassifier.Classify(code, body).Outcome.ToString(), Is.EqualTo(expected));

    [TestCase("Throughput Rate Exceeded - please wait [ 978 ] and retry", 978)]
    [TestCase("please wait [1500] and retry", 1500)]
    [TestCase("Throughput Rate Exceeded", null)]
    [TestCase(null, null)]
    public void AdvertisedWait_ReadsMilliseconds(string? errorText, int? expectedMs) =>
        Assert.That(VonageResponseClassifier.AdvertisedWait(errorText),
            Is.EqualTo(expectedMs is null ? null : TimeSpan.FromMilliseconds(expectedMs.Value)));
}
