using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// Sends one text along its route (<see cref="RoutePlanner"/>): the providers in order, the next one tried only when
/// the current one certainly sent nothing — so a failover never texts the same code twice. A number refused by one
/// provider is refused by all (no failover); an unknown outcome stops the walk unless
/// <c>Sms:FailoverOnUnknownOutcome</c> accepts the risk of a second text. Limits count the send once, whatever the
/// number of providers tried: they were taken before the route is walked.
/// </summary>
internal sealed class SmsRouter(
    RoutePlanner planner,
    IServiceProvider services,
    IOptions<SmsOptions> options,
    ILogger<SmsRouter> logger) : ISmsSender
{
    /// <summary>Providers are resolved by name when a route first uses them: a provider no route names (Twilio without
    /// its keys, say) is never built. The validator has checked that every named one is configured.</summary>
    private readonly ConcurrentDictionary<string, ISmsProvider> byName = new(StringComparer.Ordinal);

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(message.Country, cancellationToken);
        var tried = new List<ProviderAttempt>(plan.Providers.Count);
        ProviderSendResult? last = null;
        for (var i = 0; i < plan.Providers.Count; i++)
        {
            var name = plan.Providers[i];
            var provider = byName.GetOrAdd(name, static (key, sp) => sp.GetRequiredKeyedService<ISmsProvider>(key), services);
            var result = await provider.TrySendAsync(message, cancellationToken);
            SecureOtpTelemetry.SmsProviderAttempts.Add(1, SecureOtpTelemetry.Tag("provider", name), SecureOtpTelemetry.Tag("result", ResultLabel(result)));
            tried.Add(new ProviderAttempt(name, ResultLabel(result), result.Label));
            last = result;
            if (!MayTryNext(result))
            {
                break;
            }

            if (i + 1 < plan.Providers.Count)
            {
                Log.SmsFailover(logger, name, plan.Country, result.Label, plan.Providers[i + 1]);
            }
        }

        switch (last)
        {
            case ProviderSendResult.Sent sent:
                return new SmsSendResult.AcceptedResult(sent.MessageIds) { Provider = tried[^1].Provider, Attempts = tried };
            case null:
                return new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), "no_route");
            case ProviderSendResult.NumberRefused:
                return last.ToSmsSendResult();
            default:
                Log.SmsRouteExhausted(logger, plan.Country, string.Join(' ', tried.Select(a => $"{a.Provider}:{a.Reason}")));
                return last.ToSmsSendResult();
        }
    }

    private bool MayTryNext(ProviderSendResult result) => result switch
    {
        ProviderSendResult.CertainlyNotSent => true,
        ProviderSendResult.Unknown => options.Value.FailoverOnUnknownOutcome,
        _ => false,
    };

    private static string ResultLabel(ProviderSendResult result) => result switch
    {
        ProviderSendResult.Sent => "sent",
        ProviderSendResult.CertainlyNotSent => "not_sent",
        ProviderSendResult.NumberRefused => "number_refused",
        _ => "unknown",
    };
}
