using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.Api.Sms;

internal static class SmsExtensions
{
    public static void AddSms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        builder.Services.AddSingleton<SmsTextComposer>();
        builder.Services.AddSingleton<OutboxSmsSender>();

        // Polly owns every timeout; the HttpClient's own would only race it.
        builder.Services.AddHttpClient(VonageSmsClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(2),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                AllowAutoRedirect = false,
            });
        builder.Services.AddSingleton<VonageSmsClient>();
        builder.Services.AddSmsResiliencePipeline();
        builder.Services.AddSingleton<VonageSmsSender>();
        builder.Services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Provider == SmsOptions.OutboxProvider
            ? sp.GetRequiredService<OutboxSmsSender>()
            : sp.GetRequiredService<VonageSmsSender>());
    }
}
