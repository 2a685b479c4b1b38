using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms;

internal static class SmsExtensions
{
    public static void AddSms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        builder.Services.AddSingleton<SmsTextComposer>();
        builder.Services.AddSingleton<ISmsSender, OutboxSmsSender>();
    }
}
