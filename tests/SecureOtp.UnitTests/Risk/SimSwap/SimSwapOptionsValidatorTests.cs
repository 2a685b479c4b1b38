using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>A mis-configured SIM-swap check refuses to start, naming the key at fault and never echoing a secret.</summary>
public sealed class SimSwapOptionsValidatorTests
{
    private readonly List<string> tempFiles = [];

    [TearDown]
    public void DeleteTempFiles() => tempFiles.ForEach(File.Delete);

    [Test]
    public void Validate_Defaults_Succeed()
    {
        var result = Validate(new SimSwapOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_CompleteCamara_Succeeds() =>
        Assert.That(Validate(SimSwapHarness.CamaraOptions()).Succeeded, Is.True);

    [TestCase("BaseUrl")]
    [TestCase("TokenUrl")]
    [TestCase("ClientId")]
    [TestCase("ClientSecret")]
    public void Validate_CamaraWithoutACredential_FailsNamingTheKey(string key)
    {
        var options = SimSwapHarness.CamaraOptions();
        _ = key switch
        {
            "BaseUrl" => options.BaseUrl = null,
            "TokenUrl" => options.TokenUrl = null,
            "ClientId" => options.ClientId = " ",
            _ => (object?)(options.ClientSecret = null),
        };

        AssertFailsNaming(options, $"Risk:SimSwap:{key}");
    }

    [Test]
    public void Validate_CamaraFailure_NeverEchoesTheClientSecret()
    {
        var options = SimSwapHarness.CamaraOptions();
        options.ClientSecret = "very-secret-value";
        options.TokenUrl = new Uri("http://auth.example.com/token");
        options.ClientId = null;

        var message = AssertFailsNaming(options, "Risk:SimSwap:TokenUrl");

        Assert.That(message, Does.Contain("Risk:SimSwap:ClientId").And.Not.Contain("very-secret-value"));
    }

    [TestCase("http://camara.example.com", false)]
    [TestCase("ftp://camara.example.com", false)]
    [TestCase("http://127.0.0.1:5099", true)]
    [TestCase("http://localhost:5099/camara", true)]
    [TestCase("https://camara.example.com/api", true)]
    public void Validate_CamaraBaseUrl_MustBeHttpsExceptOnLoopback(string url, bool valid)
    {
        var options = SimSwapHarness.CamaraOptions();
        options.BaseUrl = new Uri(url);

        if (valid)
        {
            Assert.That(Validate(options).Succeeded, Is.True, Validate(options).FailureMessage);
        }
        else
        {
            AssertFailsNaming(options, "Risk:SimSwap:BaseUrl");
        }
    }

    [Test]
    public void Validate_RelativeTokenUrl_FailsNamingTokenUrl()
    {
        var options = SimSwapHarness.CamaraOptions();
        options.TokenUrl = new Uri("/token", UriKind.Relative);

        AssertFailsNaming(options, "Risk:SimSwap:TokenUrl");
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(2401)]
    public void Validate_MaxAgeHoursOutside1To2400_FailsNamingMaxAgeHours(int hours)
    {
        var options = new SimSwapOptions { MaxAgeHours = hours };

        AssertFailsNaming(options, "Risk:SimSwap:MaxAgeHours");
    }

    [TestCase(1)]
    [TestCase(2400)]
    public void Validate_MaxAgeHoursAtTheBounds_Succeeds(int hours) =>
        Assert.That(Validate(new SimSwapOptions { MaxAgeHours = hours }).Succeeded, Is.True);

    [Test]
    public void Validate_TimeoutLongerThanTotalTimeout_FailsNamingTimeout()
    {
        var options = new SimSwapOptions { Timeout = TimeSpan.FromSeconds(3), TotalTimeout = TimeSpan.FromSeconds(2) };

        AssertFailsNaming(options, "Risk:SimSwap:Timeout");
    }

    [Test]
    public void Validate_TotalTimeoutOverTenSeconds_FailsNamingTotalTimeout()
    {
        var options = new SimSwapOptions { TotalTimeout = TimeSpan.FromSeconds(30) };

        AssertFailsNaming(options, "Risk:SimSwap:TotalTimeout");
    }

    [TestCase("-00:00:01")]
    [TestCase("01:00:01")]
    public void Validate_CacheDurationOutsideZeroToAnHour_FailsNamingCacheDuration(string duration)
    {
        var options = new SimSwapOptions { CacheDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture) };

        AssertFailsNaming(options, "Risk:SimSwap:CacheDuration");
    }

    [Test]
    public void Validate_UndefinedEnumValues_FailNamingTheKeys()
    {
        var options = new SimSwapOptions { Provider = (SimSwapProviderKind)7, Policy = (SimSwapPolicy)9 };

        var message = AssertFailsNaming(options, "Risk:SimSwap:Provider");

        Assert.That(message, Does.Contain("Risk:SimSwap:Policy"));
    }

    [Test]
    public void Validate_VonageWithAReadablePemKey_Succeeds()
    {
        using var rsa = RSA.Create(2048);
        var options = Vonage(WriteTemp(rsa.ExportPkcs8PrivateKeyPem()));

        Assert.That(Validate(options).Succeeded, Is.True, Validate(options).FailureMessage);
    }

    [Test]
    public void Validate_VonageWithAPkcs1PemKey_Succeeds()
    {
        using var rsa = RSA.Create(2048);

        Assert.That(Validate(Vonage(WriteTemp(rsa.ExportRSAPrivateKeyPem()))).Succeeded, Is.True);
    }

    [Test]
    public void Validate_VonageWithoutApplicationId_FailsNamingApplicationId()
    {
        using var rsa = RSA.Create(2048);
        var options = Vonage(WriteTemp(rsa.ExportPkcs8PrivateKeyPem()));
        options.ApplicationId = "";

        AssertFailsNaming(options, "Risk:SimSwap:ApplicationId");
    }

    [Test]
    public void Validate_VonageWithoutPrivateKeyPath_FailsNamingPrivateKeyPath() =>
        AssertFailsNaming(Vonage(null), "Risk:SimSwap:PrivateKeyPath");

    [Test]
    public void Validate_VonageWithAMissingKeyFile_FailsNamingPrivateKeyPath() =>
        AssertFailsNaming(Vonage(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem")), "Risk:SimSwap:PrivateKeyPath");

    [Test]
    public void Validate_VonageWithAFileThatIsNotAKey_FailsWithoutEchoingIt()
    {
        var message = AssertFailsNaming(Vonage(WriteTemp("not-a-key-but-maybe-a-secret")), "Risk:SimSwap:PrivateKeyPath");

        Assert.That(message, Does.Not.Contain("not-a-key-but-maybe-a-secret"));
    }

    [Test]
    public void Validate_VonageWithOnlyThePublicKey_FailsNamingPrivateKeyPath()
    {
        using var rsa = RSA.Create(2048);

        var message = AssertFailsNaming(Vonage(WriteTemp(rsa.ExportSubjectPublicKeyInfoPem())), "Risk:SimSwap:PrivateKeyPath");

        Assert.That(message, Does.Contain("public key"));
    }

    [Test]
    public void Validate_VonageWithAnEncryptedKey_FailsNamingPrivateKeyPath()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        AssertFailsNaming(Vonage(WriteTemp(pem)), "Risk:SimSwap:PrivateKeyPath");
    }

    [Test]
    public void Validate_VonageWithAShortKey_FailsNamingPrivateKeyPath()
    {
        using var rsa = RSA.Create(1024);

        AssertFailsNaming(Vonage(WriteTemp(rsa.ExportPkcs8PrivateKeyPem())), "Risk:SimSwap:PrivateKeyPath");
    }

    [Test]
    public void Validate_VonagePlainHttpBaseUrl_FailsNamingBaseUrl()
    {
        using var rsa = RSA.Create(2048);
        var options = Vonage(WriteTemp(rsa.ExportPkcs8PrivateKeyPem()));
        options.BaseUrl = new Uri("http://api-eu.vonage.com");

        AssertFailsNaming(options, "Risk:SimSwap:BaseUrl");
    }

    private static ValidateOptionsResult Validate(SimSwapOptions options) => new SimSwapOptionsValidator().Validate(null, options);

    private static string AssertFailsNaming(SimSwapOptions options, string configKey)
    {
        var result = Validate(options);

        Assert.That(result.Failed, Is.True, $"expected a failure naming {configKey}");
        Assert.That(result.FailureMessage, Does.Contain(configKey));
        return result.FailureMessage;
    }

    private static SimSwapOptions Vonage(string? keyPath) => new()
    {
        Provider = SimSwapProviderKind.Vonage,
        ApplicationId = SimSwapHarness.ApplicationId,
        PrivateKeyPath = keyPath,
    };

    private string WriteTemp(string text)
    {
        var path = Path.GetTempFileName();
        tempFiles.Add(path);
        File.WriteAllText(path, text);
        return path;
    }
}
