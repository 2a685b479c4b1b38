using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Webhooks;

internal static class WebhookExtensions
{
    /// <summary>Signed event webhooks to each tenant's endpoint (<c>Webhooks:*</c>); the store records the events
    /// (<see cref="IWebhookEventStore"/>), the dispatcher delivers them.</summary>
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Configure<IConfiguration>((options, configuration) => WebhookOptions.Bind(options, configuration.GetSection(WebhookOptions.Section)))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        builder.Services.AddSingleton<EventSubjectSeal>();
        builder.Services.AddSingleton<WebhookEvents>();
        builder.Services.AddSingleton<WebhookEndpoints>();
        builder.Services.AddSingleton<WebhookMessages>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.HttpClientName);
        builder.Services.AddHostedService<WebhookDispatcher>();
    }
}
