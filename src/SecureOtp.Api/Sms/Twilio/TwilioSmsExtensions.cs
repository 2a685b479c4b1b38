using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms.Twilio;

internal static class TwilioSmsExtensions
{
    /// <summary>
    /// Registers the Twilio adapter (options checked at start-up once any <c>Sms:Twilio:*</c> key is set, the named
    /// HttpClient, the pipeline, the sender and the callback signature check). Nothing sends through it until a route
    /// names it: <c>Sms:Provider</c> still picks the one provider in use.
    /// </summary>
    public static IServiceCollection AddTwilioSms(this IServiceCollection services)
    {
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<TwilioHttpHandler>();
        services.AddHttpClient(TwilioSmsClient.HttpClientName).AddHttpMessageHandler<TwilioHttpHandler>();
        services.AddSingleton<TwilioSmsClient>();
        services.AddTwilioResiliencePipeline();
        services.AddSingleton<TwilioSmsSender>();
        services.AddSingleton<TwilioCallbackSignature>();
        return services;
    }
}
