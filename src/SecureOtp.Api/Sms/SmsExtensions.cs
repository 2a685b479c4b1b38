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
        builder.Services.AddTwilioSms();

        // Every provider by its route name; the router walks a text's route over them (Sms/Routing/SmsRouter.cs).
        builder.Services.AddKeyedSingleton<ISmsProvider>(VonageSmsSender.ProviderName, (sp, _) => sp.GetRequiredService<VonageSmsSender>());
        builder.Services.AddKeyedSingleton<ISmsProvider>(TwilioSmsSender.ProviderName, (sp, _) => sp.GetRequiredService<TwilioSmsSender>());
        builder.Services.AddKeyedSingleton<ISmsProvider>(OutboxSmsSender.ProviderName, (sp, _) => sp.GetRequiredService<OutboxSmsSender>());
        builder.Services.AddSingleton<ISmsSender, SmsRouter>();
    }
}
