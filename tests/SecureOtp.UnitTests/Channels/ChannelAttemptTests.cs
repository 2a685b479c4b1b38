using System.Net;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Channels;
using SecureOtp.Api.Sms;

namespace SecureOtp.UnitTests.Channels;

/// <summary>How a Vonage Voice/Messages answer is sorted (sent / certainly not sent / unknown), and what the call says.</summary>
public sealed class ChannelAttemptTests
{
    [TestCase(HttpStatusCode.Created, """{"uuid":"c-1","status":"started"}""", "uuid", typeof(ProviderSendResult.Sent))]
    [TestCase(HttpStatusCode.Accepted, """{"message_uuid":"m-1"}""", "message_uuid", typeof(ProviderSendResult.Sent))]
    [TestCase(HttpStatusCode.Accepted, """not json""", "message_uuid", typeof(ProviderSendResult.Unknown))]
    [TestCase(HttpStatusCode.TooManyRequests, "", "uuid", typeof(ProviderSendResult.CertainlyNotSent))]
    [TestCase(HttpStatusCode.ServiceUnavailable, "", "uuid", typeof(ProviderSendResult.CertainlyNotSent))]
    [TestCase(HttpStatusCode.Unauthorized, "", "uuid", typeof(ProviderSendResult.CertainlyNotSent))]
    [TestCase(HttpStatusCode.UnprocessableEntity, "", "uuid", typeof(ProviderSendResult.CertainlyNotSent))]
    [TestCase(HttpStatusCode.InternalServerError, "", "uuid", typeof(ProviderSendResult.Unknown))]
    public void Answer_IsSortedByWhatMayHappenNext(HttpStatusCode status, string body, string idField, Type expected) =>
        Assert.That(ChannelAttempt.Read(status, body, null, idField).ToResult("vonage"), Is.TypeOf(expected));

    [Test]
    public void OnlyThrottlingAndUnavailability_AreRetried()
    {
        Assert.That(ChannelAttempt.Read(HttpStatusCode.TooManyRequests, "", null, "uuid").CertainlyNotSentTransient, Is.True);
        Assert.That(ChannelAttempt.Read(HttpStatusCode.InternalServerError, "", null, "uuid").CertainlyNotSentTransient, Is.False);
        Assert.That(ChannelAttempt.Read(HttpStatusCode.GatewayTimeout, "", null, "uuid").CertainlyNotSentTransient, Is.False);
    }

    [Test]
    public void Speech_ReadsEveryDigitSeparately_Twice_InTheLocalesLanguage()
    {
        var speech = new VoiceSpeech(Options.Create(new DeliveryOptions()), Options.Create(new SmsOptions { Brand = "Acme" }));

        var ssml = speech.Ssml("4711", "de");

        Assert.That(ssml, Does.StartWith("<speak>").And.EndWith("</speak>"));
        Assert.That(ssml, Does.Contain("Acme"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(ssml, "<say-as interpret-as=\"characters\">7</say-as>"), Has.Count.EqualTo(2));
        Assert.That(ssml, Does.Contain("rate=\"x-slow\""));
        Assert.That(ssml, Does.Contain("Bestätigungscode"));
    }

    [TestCase(null, "en-US")]
    [TestCase("es", "es-ES")]
    [TestCase("es-MX", "es-MX")]
    [TestCase("xx", "en-US")]
    public void Language_IsARegionalVoice(string? locale, string expected) =>
        Assert.That(VoiceSpeech.Language(locale), Is.EqualTo(expected));
}
