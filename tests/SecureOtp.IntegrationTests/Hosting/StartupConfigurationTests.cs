using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Hosting;

/// <summary>A mis-configured service refuses to start, with a message naming the key at fault.</summary>
public sealed class StartupConfigurationTests
{
    [Test]
    public void EmptyRedisConfiguration_OutsideDevelopment_RefusesToStart()
    {
        using var app = new SecureOtpApp(StoreKind.InProcess, environment: "Production");
        var error = Assert.Catch(() => app.CreateClient());
        Assert.That(Describe(app, error!), Does.Contain("Redis:Configuration"));
    }

    [Test]
    public void OutboxSender_OutsideDevelopment_RefusesToStart()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, environment: "Production");
        var error = Assert.Catch(() => app.CreateClient());
        Assert.That(Describe(app, error!), Does.Contain("Sms:Provider"));
    }

    [TestCase("Otp:CodeLength", "4", "Otp:CodeLength")]
    [TestCase("Otp:CodeLength", "11", "Otp:CodeLength")]
    [TestCase("Otp:Ttl", "00:11:00", "Otp:Ttl")]
    [TestCase("Otp:MaxAttempts", "0", "Otp:MaxAttempts")]
    [TestCase("Otp:ActiveHashKeyId", "missing", "Otp:ActiveHashKeyId")]
    [TestCase("Otp:HashKeys:k1", "c2hvcnQ=", "Otp:HashKeys:k1")]
    [TestCase("Auth:ApiKeys:full:KeyHash", "ABC", "Auth:ApiKeys:full:KeyHash")]
    [TestCase("Redis:KeyPrefix", "bad{prefix}", "Redis:KeyPrefix")]
    [TestCase("Risk:DeniedNumberTypes:0", "PremiumRates", "Risk:DeniedNumberTypes:0")]
    [TestCase("Risk:AllowedCountryCodes:0", "999", "Risk:AllowedCountryCodes:0")]
    [TestCase("Otp:PseudonymKey", "", "Otp:PseudonymKey")]
    [TestCase("Otp:PseudonymKey", "c2hvcnQ=", "Otp:PseudonymKey")]
    [TestCase("Otp:PseudonymKey", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", "Otp:PseudonymKey")]
    [TestCase("Auth:ApiKeys:full:Tenant", "not a tenant!", "Auth:ApiKeys:full:Tenant")]
    [TestCase("Totp:SecretKeys:t1", "c2hvcnQ=", "Totp:SecretKeys:t1")]
    [TestCase("Totp:ActiveSecretKeyId", "missing", "Totp:ActiveSecretKeyId")]
    [TestCase("Totp:MaxAttempts", "0", "Totp:MaxAttempts")]
    [TestCase("Totp:AllowedSkewSteps", "3", "Totp:AllowedSkewSteps")]
    [TestCase("Totp:LockDuration", "00:00:10", "Totp:LockDuration")]
    [TestCase("Totp:Issuer", "Acme:Corp", "Totp:Issuer")]
    [TestCase("Limits:SendsPerCountryPerMinutePerTenant", "-1", "Limits:SendsPerCountryPerMinutePerTenant")]
    [TestCase("Limits:DistinctNumbersPerPrefixPerTenant", "-1", "Limits:DistinctNumbersPerPrefixPerTenant")]
    [TestCase("Limits:TenantCountryBudgets:other:4x", "5", "Limits:TenantCountryBudgets:other:4x")]
    [TestCase("Limits:TenantCountryBudgets:nobody:44", "5", "Limits:TenantCountryBudgets:nobody")]
    [TestCase("TestNumbers:full:0:Code", "12345", "TestNumbers:full:0:Code")]
    [TestCase("TestNumbers:nobody:0:Number", "+14155550100", "TestNumbers:nobody")]
    public void InvalidSetting_RefusesToStart_NamingTheKey(string key, string value, string expectedInMessage)
    {
        using var app = new SecureOtpApp(StoreKind.InProcess, new Dictionary<string, string?> { [key] = value });
        var error = Assert.Catch(() => app.CreateClient());
        var message = Describe(app, error!);
        Assert.That(message, Does.Contain(expectedInMessage));
        Assert.That(message, Does.Not.Contain("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="), "a secret is never echoed");
    }

    /// <summary>Development has a fixed, public pseudonym key (appsettings.Development.json); anywhere else the operator
    /// must bring one, as for the code keys.</summary>
    [Test]
    public void MissingPseudonymKey_OutsideDevelopment_RefusesToStart()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, new Dictionary<string, string?> { ["Otp:PseudonymKey"] = null }, environment: "Production");
        var error = Assert.Catch(() => app.CreateClient());
        Assert.That(Describe(app, error!), Does.Contain("Otp:PseudonymKey"));
    }

    /// <summary>Development has a fixed, public TOTP key (appsettings.Development.json); anywhere else the operator must
    /// bring a key ring, or authenticator secrets would have nothing to be sealed under.</summary>
    [Test]
    public void MissingTotpSecretKeys_OutsideDevelopment_RefusesToStart()
    {
        using var app = new SecureOtpApp(StoreKind.Redis,
            new Dictionary<string, string?> { ["Totp:SecretKeys:t1"] = null, ["Totp:ActiveSecretKeyId"] = null }, environment: "Production");
        var error = Assert.Catch(() => app.CreateClient());
        Assert.That(Describe(app, error!), Does.Contain("Totp:SecretKeys"));
    }

    [Test]
    public void ShortCodes_StartOnlyWhenExplicitlyAllowed()
    {
        using var app = new SecureOtpApp(StoreKind.InProcess,
            new Dictionary<string, string?> { ["Otp:CodeLength"] = "4", ["Otp:AllowShortCodes"] = "true" });
        Assert.DoesNotThrow(() => app.CreateClient().Dispose());
    }

    /// <summary>
    /// The start-up failure as the operator sees it: the exception, plus the host's "Hosting failed to start" log line.
    /// (WebApplicationFactory sometimes surfaces its own ObjectDisposedException instead of the host's exception; the
    /// host has still refused to start, and its log line carries the message.)
    /// </summary>
    private static string Describe(SecureOtpApp app, Exception error) => Describe(error) + " | " + app.LogText();

    private static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);

            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(i => i.Message));
            }
        }

        return string.Join(" | ", messages);
    }
}
