using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// <c>Redis:*</c> turned into the client's options. One connection string serves all three topologies:
/// <list type="bullet">
/// <item>standalone: <c>host:6379</c>;</item>
/// <item>cluster: any (or every) node, <c>n1:6379,n2:6379</c> — the client discovers the rest;</item>
/// <item>Sentinel: the sentinels and the master's name, <c>s1:26379,s2:26379,s3:26379,serviceName=mymaster</c>.</item>
/// </list>
/// <para>Passwords: <c>password=</c> is sent to the master and replicas and, with Sentinel, to the sentinels as well
/// (StackExchange.Redis 3.x uses <c>password</c> for the sentinels unless <c>sentinelPassword=</c> names another one).
/// That is Bitnami's layout: <c>requirepass</c> on every server and sentinel, one secret.</para>
/// <para>TLS: <c>ssl=true</c>; a server certificate issued by a private CA is trusted through <c>Redis:TrustedCaPath</c>
/// (a PEM file), for the sentinels and the data servers alike. The host name must still match the certificate.</para>
/// </summary>
internal static class RedisClientConfiguration
{
    /// <summary>How long one first-connection attempt may take, unless the connection string says otherwise; the
    /// multiplexer keeps reconnecting in the background after it.</summary>
    private const int DefaultConnectTimeoutMs = 2000;

    public static ConfigurationOptions From(RedisOptions options)
    {
        var text = options.Configuration!;
        var configuration = ConfigurationOptions.Parse(text);

        // The service must start while Redis is down (readiness fails until it is back), never crash on it.
        configuration.AbortOnConnectFail = false;
        if (!text.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.ConnectTimeout = DefaultConnectTimeoutMs;
        }

        // Without a connection, fail a command at once instead of queueing it until it times out: the request is answered
        // 503 quickly, and a write it carried is not sent later, after its request was already answered 503.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "secureotp";
        if (!string.IsNullOrEmpty(options.Password))
        {
            configuration.Password = options.Password;
        }

        if (!string.IsNullOrEmpty(options.TrustedCaPath))
        {
            configuration.TrustIssuer(LoadCertificate(options.TrustedCaPath));
        }

        return configuration;
    }

    /// <summary>The CA certificate in a PEM (or DER) file; throws <see cref="CryptographicException"/> when it is not one.</summary>
    public static X509Certificate2 LoadCertificate(string path) => X509CertificateLoader.LoadCertificateFromFile(path);
}
