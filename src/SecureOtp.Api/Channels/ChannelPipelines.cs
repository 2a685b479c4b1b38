using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Channels;

/// <summary>
/// Each Vonage application channel's resilience pipeline, in the shape every SMS provider's has
/// (<see cref="ProviderPipeline"/>) and with <c>Delivery:Resilience:*</c>: a breaker of its own (a Voice outage never
/// blocks WhatsApp), retries only after answers that prove nothing was taken (429, 503, no connection).
/// </summary>
internal static class ChannelPipelines
{
    public static string Name(string channel) => "vonage-" + channel;

    public static IServiceCollection AddChannelPipelines(this IServiceCollection services)
    {
        foreach (var channel in new[] { ChannelNames.Voice, ChannelNames.WhatsApp })
        {
            var name = Name(channel);
            services.AddKeyedSingleton(name, static (_, _) => new CircuitBreakerStateProvider());
            services.AddResiliencePipeline<string, ChannelAttempt>(name, (builder, context) =>
            {
                var sp = context.ServiceProvider;
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChannelPipelines));
                builder.UsePollyMetricsOnly(sp);
                ProviderPipeline.Build(builder, sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Resilience,
                    sp.GetRequiredKeyedService<CircuitBreakerStateProvider>(name), new ProviderPipelineHooks<ChannelAttempt>(
                        CountsAgainstProvider,
                        CertainlyNotSent,
                        outcome => outcome.Result?.RetryAfter,
                        (state, _) => Log.ChannelBreaker(logger, channel, state),
                        (_, retry, delay) => Log.ChannelRetry(logger, channel, retry, delay.TotalMilliseconds)));
            });
        }

        return services;
    }

    internal static bool CertainlyNotSent(Outcome<ChannelAttempt> outcome) =>
        outcome.Result?.CertainlyNotSentTransient == true
        || outcome.Exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };

    /// <summary>Outages and our own faults open the breaker; an accepted call or a refused destination do not.</summary>
    private static bool CountsAgainstProvider(Outcome<ChannelAttempt> outcome) => outcome switch
    {
        { Exception: OperationCanceledException } => false,
        { Exception: not null } => true,
        { Result: { } r } => !r.Accepted && r.HttpStatus is not (400 or 422),
        _ => true,
    };
}
