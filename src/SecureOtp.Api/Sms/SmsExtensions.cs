using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Sms.Twilio;
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
        builder.Services.AddSmsRouting();

        // Timeouts, connection pooling and redirects: the service's outbound HTTP defaults (Hosting/).
        builder.Services.AddHttpClient(VonageSmsClient.HttpClientName);
        builder.Services.AddSingleton<VonageSmsClient>();
        builder.Services.AddSmsResiliencePipeline();
        builder.Services.AddSingleton<VonageSmsSender>();
        // Groundwork for routing across providers: registered and validated, not yet selectable.
        builder.Services.AddTwilioSms();
        builder.Services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Provider == SmsOptions.OutboxProvider
            ? sp.GetRequiredService<OutboxSmsSender>()
            : sp.GetRequiredService<VonageSmsSender>());
    }
}
