using System.Security.Cryptography;
using SecureOtp.Api.Channels;

namespace SecureOtp.UnitTests.Channels;

/// <summary>A voice or WhatsApp set-up that could not deliver refuses to start, naming the key at fault, never a secret.</summary>
public sealed class DeliveryOptionsValidatorTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private string? pemPath;

    [TearDown]
    public void DeletePem()
    {
        if (pemPath is not null)
        {
            File.Delete(pemPath);
        }
    }

    [Test]
    public void Defaults_SmsOnly_Succeed() =>
        Assert.That(new DeliveryOptionsValidator().Validate(null, new DeliveryOptions()).Succeeded, Is.True);

    [Test]
    public void VoiceEnabled_WithEverything_Succeeds()
    {
        var result = new DeliveryOptionsValidator().Validate(null, Complete());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase("ApplicationId")]
    [TestCase("PrivateKeyPath")]
    [TestCase("SignatureSecret")]
    [TestCase("From")]
    [TestCase("EventUrl")]
    public void VoiceEnabled_WithoutASetting_FailsNamingIt(string key)
    {
        var options = Complete();
        _ = key switch
        {
            "ApplicationId" => options.Vonage.ApplicationId = null,
            "PrivateKeyPath" => options.Vonage.PrivateKeyPath = "/nonexistent/key.pem",
            "SignatureSecret" => options.Vonage.SignatureSecret = "too-short-" + new string('x', 10),
            "From" => options.VonageVoice.From = "+441234567",
            _ => (object?)(options.VonageVoice.EventUrl = null),
        };

        var result = new DeliveryOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(key));
        Assert.That(result.FailureMessage, Does.Not.Contain("too-short"), "a secret is never echoed");
    }

    [Test]
    public void WhatsAppEnabled_WithoutTemplate_Fails()
    {
        var options = Complete();
        options.Channels["whatsapp"] = new ChannelSwitch { Enabled = true };
        options.WhatsApp.From = "447700900001";

        var result = new DeliveryOptionsValidator().Validate(null, options);

        Assert.That(result.FailureMessage, Does.Contain("Delivery:WhatsApp:TemplateName"));
    }

    [Test]
    public void DefaultChannels_WithNoneEnabled_Fails()
    {
        var options = new DeliveryOptions { DefaultChannels = ["voice"] };

        Assert.That(new DeliveryOptionsValidator().Validate(null, options).FailureMessage, Does.Contain("Delivery:DefaultChannels"));
    }

    private DeliveryOptions Complete()
    {
        using var rsa = RSA.Create(2048);
        pemPath = Path.GetTempFileName();
        File.WriteAllText(pemPath, rsa.ExportPkcs8PrivateKeyPem());
        var options = new DeliveryOptions
        {
            Vonage = { ApplicationId = "app-1", PrivateKeyPath = pemPath, SignatureSecret = Secret },
            VonageVoice = { From = "447700900000", EventUrl = new Uri("https://otp.example.com/webhooks/vonage/voice-event") },
        };
        options.Channels["voice"] = new ChannelSwitch { Enabled = true };
        return options;
    }
}
