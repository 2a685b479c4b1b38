namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>How the Redis processes of a test are protected; the test cases of the Sentinel and TLS suites.</summary>
public enum RedisSecurity
{
    None,

    /// <summary>Bitnami's layout: one password on the master, the replica and every sentinel.</summary>
    Password,

    /// <summary>A password holding ',' and '=', given as <c>Redis:Password</c> (how the Helm chart passes it, from a
    /// Secret) rather than inside the connection string, which would split it.</summary>
    PasswordApart,

    /// <summary>The password, and TLS on every port (certificates from a throwaway CA made for the test).</summary>
    PasswordAndTls,
}

/// <summary>The processes' side (<see cref="RedisAccess"/>) and the service's side (settings) of one <see cref="RedisSecurity"/>.</summary>
public sealed class SecuredRedis : IDisposable
{
    /// <summary>A throwaway password for throwaway servers.</summary>
    public const string Password = "test-redis-password-Zq7";

    /// <summary>A password that a connection string cannot carry.</summary>
    public const string AwkwardPassword = "p,w=rd;Zq7,ssl=false";

    private SecuredRedis(RedisSecurity security)
    {
        Tls = security == RedisSecurity.PasswordAndTls ? TestCertificates.Create() : null;
        Access = security switch
        {
            RedisSecurity.None => RedisAccess.Open,
            RedisSecurity.PasswordApart => new RedisAccess(AwkwardPassword) { PasswordInConnectionString = false },
            _ => new RedisAccess(Password, Tls),
        };
    }

    public RedisAccess Access { get; }

    public TestCertificates? Tls { get; }

    /// <summary>What the service needs besides <c>Redis:Configuration</c>: with TLS, the test CA as <c>Redis:TrustedCaPath</c>.</summary>
    public Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>());
        if (Tls is not null)
        {
            settings["Redis:TrustedCaPath"] = Tls.CaPath;
        }

        if (Access is { Password: { } password, PasswordInConnectionString: false })
        {
            settings["Redis:Password"] = password;
        }

        return settings;
    }

    public static SecuredRedis For(RedisSecurity security) => new(security);

    public void Dispose() => Tls?.Dispose();
}
