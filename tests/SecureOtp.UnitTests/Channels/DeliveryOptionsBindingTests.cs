using Microsoft.Extensions.Configuration;
using SecureOtp.Api.Channels;

namespace SecureOtp.UnitTests.Channels;

/// <summary>How the chart's Delivery__DefaultChannels__N keys bind: the list given, not appended to the default.</summary>
public sealed class DeliveryOptionsBindingTests
{
    private static readonly string[] VoiceThenSms = ["voice", "sms"];

    [Test]
    public void DefaultChannels_FromConfiguration_BindAsGiven()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Delivery:DefaultChannels:0"] = "voice",
            ["Delivery:DefaultChannels:1"] = "sms",
        }).Build();

        var options = configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>()!;

        Assert.That(options.DefaultChannels, Is.EqualTo(VoiceThenSms));
    }
}
