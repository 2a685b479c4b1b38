using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>Bound from <c>Redis:*</c>.</summary>
internal sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis connection string. Empty means the in-process store (Development only).</summary>
    public string? Configuration { get; set; }

    /// <summary>Prepended to every key, so several deployments (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "so";

    /// <summary>The longest one store call may take before the request is answered 503.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// After a security-relevant write (a new code, a counted attempt, a consumption, a lock), wait until this many replicas
    /// have it (Redis <c>WAIT</c>), so a failover cannot hand back a guess or a used code. 0 (default) does not wait.
    /// </summary>
    public int WaitForReplicas { get; set; }

    /// <summary>The longest <see cref="WaitForReplicas"/> may hold a request; on expiry the request goes on (the write stands).</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A PEM file holding the CA certificate that issued the Redis servers' (and sentinels') TLS certificates, when that CA
    /// is not in the machine's trust store. Needs <c>ssl=true</c> in <see cref="Configuration"/>. Empty: the machine's
    /// trust store alone decides.
    /// </summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>
    /// The Redis password, given apart from <see cref="Configuration"/> (env <c>Redis__Password</c>, from a Kubernetes
    /// Secret): a password inside the connection string would be split at any ',' or '=' it contains. With Sentinel it is
    /// sent to the sentinels too. Overrides a <c>password=</c> in the connection string.
    /// </summary>
    public string? Password { get; set; }

    public bool UsesInProcessStore => string.IsNullOrWhiteSpace(Configuration);
}

internal sealed partial class RedisOptionsValidator(IHostEnvironment environment) : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.UsesInProcessStore && !environment.IsDevelopment())
        {
            failures.Add($"Redis:Configuration is empty. The in-process store is allowed only in Development (this is '{environment.EnvironmentName}'); set Redis:Configuration to a Redis connection string.");
        }

        if (!KeyPrefixPattern().IsMatch(options.KeyPrefix))
        {
            failures.Add("Redis:KeyPrefix must be 1-32 characters of [A-Za-z0-9:_-] (no braces: they would change the cluster hash tag).");
        }

        if (options.OperationTimeout < TimeSpan.FromMilliseconds(50) || options.OperationTimeout > TimeSpan.FromSeconds(5))
        {
            failures.Add($"Redis:OperationTimeout must be between 00:00:00.050 and 00:00:05 (was {options.OperationTimeout}).");
        }

        if (options.WaitForReplicas is < 0 or > 5 || options.WaitTimeout < TimeSpan.FromMilliseconds(1) || options.WaitTimeout > TimeSpan.FromSeconds(1))
        {
            failures.Add("Redis:WaitForReplicas must be 0-5 and Redis:WaitTimeout between 00:00:00.001 and 00:00:01.");
        }

        if (!options.UsesInProcessStore)
        {
            failures.AddRange(ConnectionStringFailures(options));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ConnectionStringFailures(RedisOptions options)
    {
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Configuration!);
        }
        catch (ArgumentException e)
        {
            // The parser's message names the bad keyword, never a value, so no password is echoed.
            return [$"Redis:Configuration is not a StackExchange.Redis connection string: {e.Message}"];
        }

        if (string.IsNullOrEmpty(options.TrustedCaPath))
        {
            return [];
        }

        if (!configuration.Ssl)
        {
            return ["Redis:TrustedCaPath is set but Redis:Configuration does not enable TLS: add ssl=true."];
        }

        try
        {
            using var certificate = RedisClientConfiguration.LoadCertificate(options.TrustedCaPath);
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return [$"Redis:TrustedCaPath '{options.TrustedCaPath}' is not a readable PEM certificate: {e.Message}"];
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9:_-]{1,32}\z")]
    private static partial Regex KeyPrefixPattern();
}
