using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureOtp.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ISecureOtpClient"/>.</summary>
public static class SecureOtpClientServiceCollectionExtensions
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client SecureOtp is called through (add handlers to it by this name).</summary>
    public const string HttpClientName = "SecureOtp";

    /// <summary>
    /// Registers <see cref="ISecureOtpClient"/> on <c>IHttpClientFactory</c>:
    /// <c>services.AddSecureOtpClient(o =&gt; { o.BaseAddress = new Uri("https://otp.internal/"); o.ApiKey = key; })</c>.
    /// The API key goes only into the <c>X-Api-Key</c> header; the factory's logging redacts every header value.
    /// </summary>
    public static IHttpClientBuilder AddSecureOtpClient(this IServiceCollection services, Action<SecureOtpClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecureOtpClientOptions>, SecureOtpClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services.AddHttpClient<ISecureOtpClient, SecureOtpClient>(HttpClientName, (provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<SecureOtpClientOptions>>().Value;
                var baseAddress = options.BaseAddress!.ToString();
                http.BaseAddress = new Uri(baseAddress.EndsWith('/') ? baseAddress : baseAddress + "/");
                http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
                http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout (AttemptTimeout)
            })
            // The factory's default request logging redacts header values in its message but hands them unredacted to
            // structured-state readers (a JSON console, OpenTelemetry): the X-Api-Key must not go there. The client logs
            // its own retries; an application that adds a logger back still gets every header value redacted.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(static _ => true);
    }
}

/// <summary>Refuses options the client cannot work with, naming the setting (never its value).</summary>
internal sealed class SecureOtpClientOptionsValidator : IValidateOptions<SecureOtpClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SecureOtpClientOptions options)
    {
        var failures = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("SecureOtp BaseAddress must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("SecureOtp ApiKey is required.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("SecureOtp MaxRetries must be 0-10.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add("SecureOtp AttemptTimeout must be positive, RetryBaseDelay and MaxRetryAfter not negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
