using System.Globalization;
using StackExchange.Redis;

namespace SecureOtp.Testing.Redis;

/// <summary>
/// How clients reach a set of Redis processes: a password (<c>requirepass</c> on every server and sentinel, Bitnami's
/// layout) and/or TLS (every port is a TLS port). Turns into redis-server flags, redis-cli flags and client options.
/// </summary>
public sealed record RedisAccess(string? Password = null, TestCertificates? Tls = null)
{
    /// <summary>False: the password is given to clients apart from the connection string (the service's
    /// <c>Redis:Password</c>), as it must be when it holds a ',' or '=' the connection string would split at.</summary>
    public bool PasswordInConnectionString { get; init; } = true;

    public static RedisAccess Open { get; } = new();

    /// <summary>Listening flags of a data server (master, replica, cluster node) on <paramref name="port"/>.</summary>
    internal IEnumerable<string> ServerArguments(int port)
    {
        var text = port.ToString(CultureInfo.InvariantCulture);
        if (Tls is null)
        {
            yield return "--port";
            yield return text;
        }
        else
        {
            foreach (var argument in (string[])["--port", "0", "--tls-port", text, "--tls-cert-file", Tls.CertificatePath,
                         "--tls-key-file", Tls.KeyPath, "--tls-ca-cert-file", Tls.CaPath, "--tls-auth-clients", "no",
                         "--tls-replication", "yes", "--tls-cluster", "yes"])
            {
                yield return argument;
            }
        }

        if (Password is not null)
        {
            // masterauth too: a replica (or a demoted master) must authenticate to its master.
            foreach (var argument in (string[])["--requirepass", Password, "--masterauth", Password])
            {
                yield return argument;
            }
        }
    }

    /// <summary>The same as config-file lines, for a sentinel (which also needs the password of the master it watches).</summary>
    internal string SentinelConfig(int port, string masterName)
    {
        var lines = new List<string>();
        if (Tls is null)
        {
            lines.Add($"port {port}");
        }
        else
        {
            lines.AddRange([
                "port 0", $"tls-port {port}", $"tls-cert-file {Tls.CertificatePath}", $"tls-key-file {Tls.KeyPath}",
                $"tls-ca-cert-file {Tls.CaPath}", "tls-auth-clients no", "tls-replication yes",
            ]);
        }

        if (Password is not null)
        {
            // requirepass guards this sentinel, and is what it sends to its peers; auth-pass is for the master and replicas.
            lines.AddRange([$"requirepass {Password}", $"sentinel auth-pass {masterName} {Password}"]);
        }

        return string.Join('\n', lines);
    }

    internal IEnumerable<string> CliArguments()
    {
        if (Tls is not null)
        {
            yield return "--tls";
            yield return "--cacert";
            yield return Tls.CaPath;
        }

        if (Password is not null)
        {
            yield return "-a";
            yield return Password;
            yield return "--no-auth-warning";
        }
    }

    /// <summary>What a StackExchange.Redis connection string adds for this access (the CA is trusted separately).</summary>
    public string ConnectionStringSuffix =>
        (Password is null || !PasswordInConnectionString ? "" : $",password={Password}") + (Tls is null ? "" : ",ssl=true");

    /// <summary>Client options for <paramref name="configuration"/>, trusting the test CA when there is one.</summary>
    public ConfigurationOptions ClientOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        if (Password is not null && !PasswordInConnectionString)
        {
            options.Password = Password;
        }

        if (Tls is not null)
        {
            options.TrustIssuer(Tls.CaPath);
        }

        return options;
    }
}
