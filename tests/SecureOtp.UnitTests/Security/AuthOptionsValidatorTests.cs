using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Security;

public sealed class AuthOptionsValidatorTests
{
    private static readonly string[] WebAndBatch = ["web", "batch"];

    [Test]
    public void Validate_TwoClientsWithOwnKeysAndKnownScopes_Succeeds()
    {
        var options = Options(("web", NewHash(), [Scopes.Send, Scopes.Verify]), ("batch", NewHash(), [Scopes.Send]));

        var result = Validate(options);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_NoClients_FailsNamingApiKeys() =>
        AssertFailsNaming(new AuthOptions(), "Auth:ApiKeys");

    [Test]
    public void Validate_UpperCaseKeyHash_Fails() =>
        AssertFailsNaming(Options(("web", NewHash().ToUpperInvariant(), [Scopes.Send])), "Auth:ApiKeys:web:KeyHash");

    [Test]
    public void Validate_ShortKeyHash_Fails() =>
        AssertFailsNaming(Options(("web", NewHash()[..63], [Scopes.Send])), "Auth:ApiKeys:web:KeyHash");

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not hex at all, but sixty-four characters long, give or take..")]
    public void Validate_MissingOrNonHexKeyHash_Fails(string? keyHash) =>
        AssertFailsNaming(Options(("web", keyHash, [Scopes.Send])), "Auth:ApiKeys:web:KeyHash");

    [TestCase("otp:root")]
    [TestCase("OTP:SEND")]
    [TestCase("")]
    public void Validate_UnknownScope_Fails(string scope) =>
        AssertFailsNaming(Options(("web", NewHash(), [Scopes.Send, scope])), "Auth:ApiKeys:web:Scopes");

    [Test]
    public void Validate_NoScopes_Fails() =>
        AssertFailsNaming(Options(("web", NewHash(), [])), "Auth:ApiKeys:web:Scopes");

    [Test]
    public void Validate_TwoClientsSharingAKeyHash_FailsNamingBoth()
    {
        var shared = NewHash();

        var message = AssertFailsNaming(Options(("web", shared, [Scopes.Send]), ("batch", shared, [Scopes.Verify])), "Auth:ApiKeys");

        Assert.That(message, Does.Contain("web").And.Contain("batch"));
    }

    [TestCase("app")]
    [TestCase("shop.example-2_b")]
    public void Validate_ClientsSharingAWellFormedTenant_Succeed(string tenant)
    {
        var options = Options(("app-send", NewHash(), [Scopes.Send]), ("app-verify", NewHash(), [Scopes.Verify]));
        options.ApiKeys["app-send"].Tenant = tenant;
        options.ApiKeys["app-verify"].Tenant = tenant;

        Assert.That(Validate(options).Succeeded, Is.True);
        Assert.That(options.Tenants, Is.EqualTo(new[] { tenant }));
    }

    [TestCase("")]
    [TestCase("two words")]
    [TestCase("a:b")]
    [TestCase("ü")]
    public void Validate_MalformedTenant_FailsNamingIt(string tenant)
    {
        var options = Options(("web", NewHash(), [Scopes.Send]));
        options.ApiKeys["web"].Tenant = tenant;

        AssertFailsNaming(options, "Auth:ApiKeys:web:Tenant");
    }

    [Test]
    public void Tenants_DefaultToTheClientNames()
    {
        var options = Options(("web", NewHash(), [Scopes.Send]), ("batch", NewHash(), [Scopes.Send]));

        Assert.That(options.Tenants, Is.EquivalentTo(WebAndBatch));
    }

    private static string NewHash() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static AuthOptions Options(params (string Client, string? KeyHash, List<string> Scopes)[] clients)
    {
        var options = new AuthOptions();
        foreach (var (client, keyHash, scopes) in clients)
        {
            options.ApiKeys[client] = new ApiClientOptions { KeyHash = keyHash, Scopes = scopes };
        }

        return options;
    }

    private static ValidateOptionsResult Validate(AuthOptions options) => new AuthOptionsValidator().Validate(null, options);

    private static string AssertFailsNaming(AuthOptions options, string configKey)
    {
        var result = Validate(options);

        Assert.That(result.Failed, Is.True, $"expected a failure naming {configKey}");
        Assert.That(result.FailureMessage, Does.Contain(configKey));
        return result.FailureMessage;
    }
}
