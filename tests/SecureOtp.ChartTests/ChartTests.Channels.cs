using Newtonsoft.Json.Linq;

namespace SecureOtp.ChartTests;

/// <summary>
/// Voice and WhatsApp in the chart (issue 24): off by default, and a half-set channel refused by the schema as the
/// service's DeliveryOptionsValidator refuses it at start. helm/check.sh renders the mounted key, the Secret references
/// and the egress (defect cases 24).
/// </summary>
public sealed partial class ChartTests
{
    private static readonly string[] SmsOnly = ["sms"];

    [Test]
    public void Defaults_LeaveVoiceAndWhatsAppOff_AndSendTexts()
    {
        var delivery = Yaml("values.yaml")["delivery"]!;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)delivery.SelectToken("channels.voice.enabled"), Is.False);
            Assert.That((bool?)delivery.SelectToken("channels.whatsapp.enabled"), Is.False);
            Assert.That((bool?)delivery.SelectToken("channels.sms.enabled"), Is.True);
            Assert.That(delivery["defaultChannels"]!.Values<string>(), Is.EqualTo(SmsOnly));
        });
    }

    [TestCase("voice", "from")]
    [TestCase("voice", "eventUrl")]
    [TestCase("whatsapp", "from")]
    [TestCase("whatsapp", "templateName")]
    public void AChannelSwitchedOn_WithoutItsSetting_FailsTheSchema(string channel, string missing)
    {
        var values = Yaml("values.yaml");
        values.SelectToken($"delivery.channels.{channel}.enabled")!.Replace(true);
        var settings = (JObject)values.SelectToken($"delivery.{channel}")!;
        settings["from"] = "447700900000";
        settings[channel == "voice" ? "eventUrl" : "templateName"] = channel == "voice" ? "https://otp.example.com/webhooks/vonage/voice-event" : "secure_otp_auth";
        Assert.That(SchemaErrors(values), Is.Empty, "complete, the channel validates");

        settings[missing] = "";

        Assert.That(SchemaErrors(values), Has.Some.StartWith($"/delivery/{channel}/{missing}:"));
    }

    [Test]
    public void ANumberAsANumber_FailsTheSchema_ForItWouldRenderInExponentForm()
    {
        var values = Yaml("values.yaml");
        values.SelectToken("delivery.voice.from")!.Replace(447700900000);

        Assert.That(SchemaErrors(values), Has.Some.StartWith("/delivery/voice/from:"));
    }

    [TestCase("[\"fax\"]")]
    [TestCase("[\"sms\", \"sms\"]")]
    [TestCase("[]")]
    public void DefaultChannels_UnknownRepeatedOrEmpty_FailTheSchema(string channels)
    {
        var values = Yaml("values.yaml");
        values["delivery"]!["defaultChannels"] = JArray.Parse(channels);

        Assert.That(SchemaErrors(values), Has.Some.StartWith("/delivery/defaultChannels"));
    }

    [Test]
    public void ASpeechTemplateWithoutDigits_FailsTheSchema()
    {
        var values = Yaml("values.yaml");
        values["delivery"]!["voice"]!["templates"] = new JObject { ["nl"] = "Uw code" };

        Assert.That(SchemaErrors(values), Has.Some.StartWith("/delivery/voice/templates/nl:"));
    }
}
