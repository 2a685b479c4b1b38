using Microsoft.Extensions.Hosting.Internal;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Twilio;

namespace SecureOtp.UnitTests.Sms.Routing;

public sealed class SmsRoutesValidatorTests
{
    private static SmsOptions Options(params (string Route, string[] Providers)[] routes)
    {
        var options = new SmsOptions
        {
            Vonage = { ApiKey = "key", ApiSecret = "secret", From = "SecureOtp" },
            Twilio = new TwilioOptions { AccountSid = "AC" + new string('a', 32), AuthToken = "token", From = "+15005550006" },
        };
        foreach (var (route, providers) in routes)
        {
            options.Routes[route] = [.. providers];
        }

        return options;
    }

    private static string[] Failures(SmsOptions options, string environment = "Production")
    {
        var result = new SmsOptionsValidator(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Test]
    public void NoRoutes_SmsProviderIsTheRoute_AsBefore()
    {
        Assert.That(Failures(Options()), Is.Empty);
        var noVonageKeys = Options();
        noVonageKeys.Vonage.ApiKey = null;
        Assert.That(Failures(noVonageKeys), Has.Some.Contains("Sms:Vonage:ApiKey is required when Sms:Provider=Vonage"));
    }

    [Test]
    public void TwilioOnlyDeployment_NeedsNoVonageKeys_NorSmsProvider()
    {
        var options = Options(("Default", ["twilio"]));
        options.Vonage = new();
        Assert.That(Failures(options), Is.Empty);
    }

    [Test]
    public void ProviderNames_AreCaseInsensitive()
    {
        Assert.That(Failures(Options(("Default", ["Vonage", "TWILIO"]), ("91", ["twilio"]))), Is.Empty);
    }

    [TestCase("sinch", "Sms:Routes:Default:1 must be one of vonage, twilio")]
    [TestCase("vonage", "Sms:Routes:Default:1 names vonage a second time")]
    public void BadProviderInARoute_NamesTheKey(string second, string expected) =>
        Assert.That(Failures(Options(("Default", ["vonage", second]))), Has.Some.Contains(expected));

    [TestCase("0")]
    [TestCase("1234")]
    [TestCase("uk")]
    [TestCase("+44")]
    public void RouteKeyThatIsNotACallingCode_NamesTheKey(string key) =>
        Assert.That(Failures(Options(("Default", ["vonage"]), (key, ["twilio"]))), Has.Some.Contains($"Sms:Routes:{key} must be 'Default' or a country calling code"));

    [Test]
    public void ProviderNamedButNotConfigured_IsRefused()
    {
        var options = Options(("Default", ["vonage"]), ("91", ["twilio"]));
        options.Twilio = new TwilioOptions();
        options.Vonage.ApiSecret = null;
        Assert.That(Failures(options), Has.Some.Contains("A route names twilio but Sms:Twilio is not configured")
            .And.Some.Contains("Sms:Vonage:ApiSecret is required when a route names vonage"));
    }

    [Test]
    public void CountryRoutesWithoutADefault_AreRefused() =>
        Assert.That(Failures(Options(("91", ["twilio"]))), Has.Some.Contains("Sms:Routes:Default:0 is required"));

    [Test]
    public void OutboxWithRoutes_IsRefused()
    {
        var options = Options(("Default", ["vonage"]));
        options.Provider = SmsOptions.OutboxProvider;
        Assert.That(Failures(options, "Development"), Has.Some.Contains("Sms:Provider=Outbox cannot be combined with Sms:Routes"));
    }

    [Test]
    public void RoutingFigures_OutOfRange_NameTheKey()
    {
        var options = Options();
        options.Routing = new() { Window = TimeSpan.FromSeconds(10), MinSample = 0, DemoteBelow = 1.5, DemotionPeriod = TimeSpan.Zero };
        Assert.That(Failures(options), Has.Some.Contains("Sms:Routing:Window").And.Some.Contains("Sms:Routing:MinSample")
            .And.Some.Contains("Sms:Routing:DemoteBelow").And.Some.Contains("Sms:Routing:DemotionPeriod"));
    }
}
