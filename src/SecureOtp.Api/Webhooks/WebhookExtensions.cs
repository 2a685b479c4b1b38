using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Webhooks;

internal static class WebhookExtensions
{
    /// <summary>Signed event webhooks to each tenant's endpoint (<c>Webhooks:*</c>); the store records the events
    /// (<see cref="IWebhookEventStore"/>), the dispatcher delivers them.</summary>
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddWebhookEventRecording();
        builder.Services.AddSingleton<WebhookEndpoints>();
        builder.Services.AddSingleton<WebhookMessages>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.HttpClientName);
        builder.Services.AddHostedService<WebhookDispatcher>();
    }

    /// <summary>What the stores need to record events with a state change (the configuration and the subject's seal);
    /// called by the storage set-up too, since its scripts record them whether or not this host delivers. Once only.</summary>
    public static void AddWebhookEventRecording(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(WebhookEvents)))
        {
            return;
        }

        services.AddOptions<WebhookOptions>()
            .Configure<IConfiguration>((options, configuration) => WebhookOptions.Bind(options, configuration.GetSection(WebhookOptions.Section)))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<EventSubjectSeal>();
        services.AddSingleton<WebhookEvents>();
    }
}
