using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.UnitTests.Risk.Geo;

/// <summary>Which destinations a send may go to, under the default and configured <c>Risk:*</c> geo settings.</summary>
public sealed class GeoPermissionsTests
{
    [TestCase("+449090123456", "PremiumRate", "GB")]
    [TestCase("+19002345678", "PremiumRate", "US")]
    [TestCase("+448451234567", "PremiumRate", "GB")]
    [TestCase("+34901123456", "SharedCost", "ES")]
    [TestCase("+447012345678", "PersonalNumber", "GB")]
    public void Defaults_RefusePumpingNumberTypes_NamingRuleTypeAndRegion(string e164, string type, string region)
    {
        var refusal = Permissions([]).Refusal(CanonicalPhone.Of(e164));

        Assert.That(refusal, Is.EqualTo($"rule=DeniedNumberTypes type={type} region={region}"));
        Assert.That(refusal, Does.Not.Contain(e164[1..]), "the audit reason never carries the number");
    }

    [TestCase("+445612345678")] // VoIP: allowed unless configured
    [TestCase("+447400123456")] // mobile
    [TestCase("+33612345678")] // mobile
    [TestCase("+14155550100")] // the README's number
    [TestCase("+447700900123")] // fictitious UK drama range
    [TestCase("+15555550100")] // fictitious NANP 555-01xx
    [TestCase("+18002345678")] // toll free
    [TestCase("+99912345678")] // no assigned calling code: nothing to classify by
    public void Defaults_AllowEveryOtherDestination(string e164) =>
        Assert.That(Permissions([]).Refusal(CanonicalPhone.Of(e164)), Is.Null);

    [Test]
    public void ConfiguredTypes_ReplaceTheDefaults()
    {
        var permissions = Permissions(new() { ["Risk:DeniedNumberTypes:0"] = "Voip" });

        Assert.That(permissions.Refusal(CanonicalPhone.Of("+445612345678")), Is.EqualTo("rule=DeniedNumberTypes type=Voip region=GB"));
        Assert.That(permissions.Refusal(CanonicalPhone.Of("+449090123456")), Is.Null, "premium rate is no longer in the list");
    }

    [TestCase("Risk:DeniedNumberTypes:0")] // one blank entry
    [TestCase("Risk:DeniedNumberTypes")] // an empty list: JSON [] and Risk__DeniedNumberTypes= arrive as this
    public void AnEmptyList_DeniesNoType(string key)
    {
        var permissions = Permissions(new() { [key] = "" });

        Assert.That(permissions.Refusal(CanonicalPhone.Of("+449090123456")), Is.Null);
        Assert.That(permissions.Refusal(CanonicalPhone.Of("+447012345678")), Is.Null);
    }

    [Test]
    public void AnEmptyJsonArray_DeniesNoType()
    {
        using var json = new MemoryStream("""{ "Risk": { "DeniedNumberTypes": [] } }"""u8.ToArray());
        var configuration = new ConfigurationBuilder().AddJsonStream(json).Build();

        Assert.That(PermissionsFrom(configuration).Refusal(CanonicalPhone.Of("+449090123456")), Is.Null);
    }

    [Test]
    public void AllowedCountryCodes_RefuseOtherCountriesAndUnassignedCodes()
    {
        var permissions = Permissions(new() { ["Risk:AllowedCountryCodes:0"] = "44", ["Risk:AllowedCountryCodes:1"] = "+881" });

        Assert.Multiple(() =>
        {
            Assert.That(permissions.Refusal(CanonicalPhone.Of("+447700900123")), Is.Null);
            Assert.That(permissions.Refusal(CanonicalPhone.Of("+8816123456789")), Is.Null);
            Assert.That(permissions.Refusal(CanonicalPhone.Of("+14155550100")), Is.EqualTo("rule=AllowedCountryCodes"));
            Assert.That(permissions.Refusal(CanonicalPhone.Of("+99912345678")), Is.EqualTo("rule=AllowedCountryCodes"));
        });
    }

    [Test]
    public void DeniedPrefixes_RefuseBeforeAnythingElseIsAsked()
    {
        var permissions = Permissions(new() { ["Risk:DeniedPrefixes:0"] = "+4477009" });

        Assert.That(permissions.Refusal(CanonicalPhone.Of("+447700900123")), Is.EqualTo("rule=DeniedPrefixes"));
        Assert.That(permissions.Refusal(CanonicalPhone.Of("+447701900123")), Is.Null);
    }

    [TestCase("+447911912345")]
    [TestCase("+4407911912345")]
    [TestCase("+44007911912345")]
    public void DeniedPrefixes_MatchTheCanonicalForm_WhateverTheSpelling(string spelling) =>
        Assert.That(Permissions(new() { ["Risk:DeniedPrefixes:0"] = "+4479119" }).Refusal(CanonicalPhone.Of(spelling)),
            Is.EqualTo("rule=DeniedPrefixes"));

    private static GeoPermissions Permissions(Dictionary<string, string?> settings) =>
        PermissionsFrom(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    /// <summary>Registered as the service registers it, so binding, blanks and validation are part of the test.</summary>
    private static GeoPermissions PermissionsFrom(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddGeoPermissions();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<GeoPermissions>();
    }
}
