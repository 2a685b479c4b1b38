using SecureOtp.FakeProvider.State;

namespace SecureOtp.FakeProvider.Sms;

internal static class SmsExtensions
{
    public static void AddFakeVonage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FakeVonageOptions>()
            .BindConfiguration(FakeVonageOptions.Section)
            .Validate(
                o => !string.IsNullOrEmpty(o.ApiKey) && !string.IsNullOrEmpty(o.ApiSecret),
                "FakeVonage:ApiKey and FakeVonage:ApiSecret must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FakeProviderState>();
        builder.Services.AddSingleton<FakeVonage>();
    }
}
