using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecureOtp.FakeProvider.Twilio;

internal static class TwilioExtensions
{
    public static void AddFakeTwilio(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FakeTwilioOptions>()
            .BindConfiguration(FakeTwilioOptions.Section)
            .Validate(
                o => o.AccountSid.StartsWith("AC", StringComparison.Ordinal) && o.ApiKeySid.StartsWith("SK", StringComparison.Ordinal)
                    && o.AuthToken.Length > 0 && o.ApiKeySecret.Length > 0 && o.CallbackDelayMs >= 0,
                "FakeTwilio: AccountSid starts with AC, ApiKeySid with SK, secrets not empty, CallbackDelayMs at least 0.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FakeTwilioState>();
        builder.Services.AddSingleton<FakeTwilio>();
        builder.Services.AddHttpClient(TwilioCallbackSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<TwilioCallbackSender>();
    }
}
