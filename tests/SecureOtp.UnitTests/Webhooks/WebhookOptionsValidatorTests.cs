using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;
using SecureOtp.Api.Security;
using SecureOtp.Api.Webhooks;

namespace SecureOtp.UnitTests.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly string[] OnlyAcme = ["acme"];

    [Test]
    public void Bind_ReadsSettingsAndOneEndpointPerTenant()
    {
        var options = Bind(new()
        {
            ["Webhooks:RetryBaseDelay"] = "00:00:02",
            ["Webhooks:acme:Url"] = "https://hooks.example/otp",
            ["Webhooks:acme:Secret"] = Secret,
            ["Webhooks:acme:PreviousSecrets:0"] = Secret,
        });

        Assert.That(options.RetryBaseDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(options.MaxRetryAge, Is.EqualTo(TimeSpan.FromHours(24)));
        Assert.That(options.Endpoints.Keys, Is.EquivalentTo(OnlyAcme));
        Assert.That(options.Endpoints["acme"].PreviousSecrets, Has.Count.EqualTo(1));
    }

    [Test]
    public void Validate_HttpsEndpointOfAKnownTenant_Succeeds() =>
        Assert.That(Validate("Production", "acme", "https://hooks.example/otp", Secret).Succeeded, Is.True);

    [Test]
    public void Validate_HttpOutsideDevelopment_FailsNamingTheUrl() =>
        Assert.That(Validate("Production", "acme", "http://hooks.example/otp", Secret).FailureMessage, Does.Contain("Webhooks:acme:Url"));

    [Test]
    public void Validate_HttpInDevelopment_Succeeds() =>
        Assert.That(Validate("Development", "acme", "http://127.0.0.1:9000/hooks", Secret).Succeeded, Is.True);

    [Test]
    public void Validate_UnknownTenant_Fails() =>
        Assert.That(Validate("Production", "nobody", "https://hooks.example/otp", Secret).FailureMessage, Does.Contain("tenant 'nobody'"));

    [TestCase("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [TestCase("whsec_c2hvcnQ=")]
    [TestCase("")]
    public void Validate_MalformedSecret_FailsWithoutEchoingIt(string secret)
    {
        var message = Validate("Production", "acme", "https://hooks.example/otp", secret).FailureMessage;

        Assert.That(message, Does.Contain("Webhooks:acme:Secret"));
        if (secret.Length > 0)
        {
            Assert.That(message, Does.Not.Contain(secret));
        }
    }

    private static ValidateOptionsResult Validate(string environmentName, string tenant, string url, string secret)
    {
        var auth = new AuthOptions();
        auth.ApiKeys["acme"] = new ApiClientOptions { KeyHash = new string('a', 64), Scopes = [Scopes.Send] };
        var environment = Substitute.For<IHostEnvironment>();
        environment.EnvironmentName.Returns(environmentName);
        var options = Bind(new() { [$"Webhooks:{tenant}:Url"] = url, [$"Webhooks:{tenant}:Secret"] = secret });
        return new WebhookOptionsValidator(Options.Create(auth), environment).Validate(null, options);
    }

    private static WebhookOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new WebhookOptions();
        WebhookOptions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(WebhookOptions.Section));
        return options;
    }
}
