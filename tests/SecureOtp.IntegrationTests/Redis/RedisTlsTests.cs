using Microsoft.Extensions.Hosting.Internal;
using SecureOtp.Api.Storage;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// TLS to a standalone Redis (redis-server's <c>--tls-port</c>, a certificate from a throwaway CA made for the test):
/// trusted through <c>Redis:TrustedCaPath</c>, the service becomes ready, sends and verifies; without it, the certificate
/// is refused and the service stays not-ready. A bad <c>Redis:TrustedCaPath</c> is refused at start. Sentinel over TLS:
/// <see cref="SentinelFailoverTests"/>.
/// </summary>
public sealed class RedisTlsTests
{
    private SecuredRedis secured = null!;
    private RedisServer server = null!;

    [OneTimeSetUp]
    public void StartTlsRedis()
    {
        secured = SecuredRedis.For(RedisSecurity.PasswordAndTls);
        server = RedisServer.Start(access: secured.Access);
    }

    [OneTimeTearDown]
    public void StopTlsRedis()
    {
        server.Dispose();
        secured.Dispose();
    }

    [Test]
    public async Task TlsRedis_WithTrustedCa_ServiceBecomesReady_SendsAndVerifies()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, secured.Settings(), redisConfiguration: server.Configuration);
        var client = OtpClient.For(app);
        await RedisReadiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20));
        await RedisReadiness.AssertSendsAndVerifiesAsync(client);
    }

    [Test]
    public async Task TlsRedis_WithoutTrustedCa_CertificateRefused_NeverReady()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: server.Configuration);
        var client = OtpClient.For(app);
        await RedisReadiness.AssertStaysNotReadyAsync(client);
    }

    [Test]
    public void TrustedCaPath_NotACertificate_IsRefusedAtStart_NamingTheKey()
    {
        var notPem = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"not-a-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(notPem, "not a certificate");
        try
        {
            AssertRefused(server.Configuration, notPem, "Redis:TrustedCaPath");
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [Test]
    public void TrustedCaPath_WithoutSsl_IsRefusedAtStart_NamingTheKey() =>
        AssertRefused(RedisSetUp.Server.Configuration, secured.Tls!.CaPath, "ssl=true");

    /// <summary>The start-up validator (ValidateOnStart) on its own: what it says is what the refused start reports.</summary>
    private static void AssertRefused(string configuration, string trustedCaPath, string expected)
    {
        var validator = new RedisOptionsValidator(new HostingEnvironment { EnvironmentName = "Production" });
        var result = validator.Validate(null, new RedisOptions { Configuration = configuration, TrustedCaPath = trustedCaPath });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(expected));
        Assert.That(result.FailureMessage, Does.Not.Contain(SecuredRedis.Password), "the Redis password is never echoed");
    }
}
