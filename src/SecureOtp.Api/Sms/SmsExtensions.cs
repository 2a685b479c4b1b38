using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
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
        builder.Services.AddSingleton(_ =>
        {
            var state = new CircuitBreakerStateProvider();
            Telemetry.SecureOtpTelemetry.ObserveSmsCircuit(() => state.CircuitState switch
            {
                CircuitState.Closed => 0,
                CircuitState.HalfOpen => 2,
                _ => 1,
            });
            return state;
        });
        builder.Services.AddSingleton(sp => SmsResiliencePipeline.Build(
            sp.GetRequiredService<IOptions<SmsOptions>>().Value.Resilience,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CircuitBreakerStateProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SmsResiliencePipeline))));
        builder.Services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Provider == SmsOptions.OutboxProvider
            ? sp.GetRequiredService<OutboxSmsSender>()
            : new VonageSmsSender(
                sp.GetRequiredService<VonageSmsClient>(),
                sp.GetRequiredService<ResiliencePipeline<VonageAttempt>>(),
                sp.GetRequiredService<IOptions<SmsOptions>>().Value.Resilience,
                sp.GetRequiredService<ILogger<VonageSmsSender>>()));
    }
}
