using Microsoft.Extensions.Configuration;
using SecureOtp.Api.Channels;

namespace SecureOtp.UnitTests.Channels;

/// <summary>
/// How Delivery:DefaultChannels binds: the list configured, not appended to a default (the binder appends to a list it
/// finds, which made [voice, sms] bind as [sms, voice, sms] and the service refuse to start).
/// </summary>
public sealed class DeliveryOptionsBindingTests
{
    private static readonly string[] VoiceThenSms = ["voice", "sms"];
    private static readonly string[] SmsOnly = ["sms"];

    [Test]
    public void DefaultChannels_FromConfiguration_BindAsGiven()
    {
        var options = Bind(new() { ["Delivery:DefaultChannels:0"] = "voice", ["Delivery:DefaultChannels:1"] = "sms" });

        Assert.That(options.DefaultChannelOrder, Is.EqualTo(VoiceThenSms));
        Assert.That(new DeliveryOptionsValidator().Validate(null, options).Succeeded, Is.True, "no channel twice; sms is enabled");
    }

    [Test]
    public void DefaultChannels_ConfiguredAsTheDefault_BindOnceAndValidate()
    {
        var options = Bind(new() { ["Delivery:DefaultChannels:0"] = "sms" });

        Assert.That(options.DefaultChannelOrder, Is.EqualTo(SmsOnly));
        Assert.That(new DeliveryOptionsValidator().Validate(null, options).Succeeded, Is.True);
    }

    [Test]
    public void DefaultChannels_NotConfigured_AreSmsAlone() =>
        Assert.That(Bind([]).DefaultChannelOrder, Is.EqualTo(SmsOnly));

    private static DeliveryOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(DeliveryOptions.Section).Get<DeliveryOptions>()
        ?? new DeliveryOptions();
}
