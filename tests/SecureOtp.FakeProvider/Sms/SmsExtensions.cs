using SecureOtp.FakeProvider.Receipts;
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
        builder.Services.AddOptions<ReceiptOptions>().BindConfiguration(ReceiptOptions.Section)
            .Validate(o => ReceiptRule.Formats.Contains(o.Format) && o.DelayMs >= 0, "FakeVonage:Receipts:Format must be form, json or get; DelayMs at least 0.")
            .Validate(o => o.CallbackUrl is null || o.CallbackUrl.IsLoopback, "FakeVonage:Receipts:CallbackUrl must be a loopback URL.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(ReceiptSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<ReceiptSender>();
    }
}
