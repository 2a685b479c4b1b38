using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureOtp.Client.Webhooks;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps SecureOtp's event webhooks into an ASP.NET Core application.</summary>
public static class SecureOtpWebhookEndpointExtensions
{
    /// <summary>Configures the webhook secrets (<see cref="SecureOtpWebhookOptions"/>) used by <see cref="MapSecureOtpWebhooks"/>.</summary>
    public static IServiceCollection AddSecureOtpWebhooks(this IServiceCollection services, Action<SecureOtpWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure(configure);
        return services;
    }

    /// <summary>
    /// <c>app.MapSecureOtpWebhooks("/webhooks/secureotp", (e, ct) =&gt; …)</c>: a POST endpoint that takes an event only
    /// when one of its <c>v1</c> signatures matches a configured secret and its <c>webhook-timestamp</c> is within the
    /// tolerance (401 otherwise, nothing handed on), then awaits <paramref name="handler"/> and answers 204. A handler
    /// that throws makes the answer 500, so SecureOtp delivers the event again.
    /// </summary>
    public static IEndpointConventionBuilder MapSecureOtpWebhooks(this IEndpointRouteBuilder endpoints, string pattern,
        Func<SecureOtpWebhookEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<SecureOtpWebhookOptions>>().Value;
        if (options.Secrets.Count == 0)
        {
            throw new InvalidOperationException("MapSecureOtpWebhooks needs at least one secret: services.AddSecureOtpWebhooks(o => o.Secrets.Add(...)).");
        }

        var endpoint = new SecureOtpWebhookEndpoint(options, handler, services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("SecureOtp.Client.Webhooks"));
        return endpoints.MapPost(pattern, endpoint.HandleAsync);
    }
}
