using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecureOtp.Api.Telemetry;

/// <summary>
/// The service's own signals: one ActivitySource and one Meter, both named <c>SecureOtp</c>. Names and units follow the
/// OpenTelemetry semantic-convention guidelines; attributes never carry a code, phone number, raw user id or secret.
/// docs/operations.md lists them, and the dashboard and alert rules use exactly these names.
/// </summary>
internal static class SecureOtpTelemetry
{
    public const string Name = "SecureOtp";

    public static readonly ActivitySource Source = new(Name, typeof(SecureOtpTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(SecureOtpTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> SendRequests =
        Meter.CreateCounter<long>("secureotp.send.requests", "{request}", "OTP send requests by outcome.");

    public static readonly Counter<long> VerifyRequests =
        Meter.CreateCounter<long>("secureotp.verify.requests", "{request}", "OTP verify requests by outcome.");

    public static readonly Counter<long> TotpRequests =
        Meter.CreateCounter<long>("secureotp.totp.requests", "{request}", "Authenticator (TOTP) requests by operation and outcome.");

    /// <summary>Seconds-scale buckets (the SDK's defaults are for milliseconds and would put every call in the first one).</summary>
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    public static readonly Histogram<double> SmsDuration =
        Meter.CreateHistogram("secureotp.sms.duration", "s", "One SMS send through the provider, retries included, by outcome.", tags: null, advice: SecondsBuckets);

    public static readonly Counter<long> SmsRetries =
        Meter.CreateCounter<long>("secureotp.sms.retries", "{retry}", "SMS provider retries after answers that proved nothing was sent.");

    public static readonly Counter<long> SmsCircuitTransitions =
        Meter.CreateCounter<long>("secureotp.sms.circuit_transitions", "{transition}", "SMS circuit breaker state changes, by the state entered.");

    public static readonly Counter<long> SimSwapChecks =
        Meter.CreateCounter<long>("secureotp.simswap.checks", "{check}", "SIM-swap risk checks by result.");

    public static readonly Counter<long> RateLimitRejections =
        Meter.CreateCounter<long>("secureotp.ratelimit.rejections", "{request}", "Requests refused by a rate limit, by scope.");

    public static readonly Histogram<double> RedisDuration =
        Meter.CreateHistogram("secureotp.redis.duration", "s", "Redis calls by operation.", tags: null, advice: SecondsBuckets);

    public static readonly Counter<long> RedisErrors =
        Meter.CreateCounter<long>("secureotp.redis.errors", "{error}", "Failed or timed-out Redis calls by operation.");

    public static readonly Counter<long> RedisCleanups =
        Meter.CreateCounter<long>("secureotp.redis.cleanups", "{cleanup}",
            "Background undos of what requests answered 503 may still write in Redis, by kind and result (queued, done, dropped_*).");

    /// <summary>Send-to-receipt times: seconds to an hour (a carrier may take minutes to report a failure).</summary>
    private static readonly InstrumentAdvice<double> ReceiptBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600],
    };

    public static readonly Counter<long> SmsDelivery =
        Meter.CreateCounter<long>("secureotp.sms.delivery", "{message}",
            "Deliveries (texts, voice calls, WhatsApp messages) whose receipts settled them, by final status, channel, destination country calling code and provider (once per delivery; a voice call's answer is not yet its outcome).");

    public static readonly Histogram<double> SmsDeliveryLatency =
        Meter.CreateHistogram("secureotp.sms.delivery.latency", "s",
            "From the provider accepting a text to the receipt that settled it, by country calling code and provider.", tags: null, advice: ReceiptBuckets);

    public static readonly Counter<long> SmsReceipts =
        Meter.CreateCounter<long>("secureotp.sms.receipts", "{receipt}", "Delivery receipts received, by result (applied, duplicate, invalid_signature...).");

    public static readonly Counter<long> RouteDemotions =
        Meter.CreateCounter<long>("secureotp.sms.route_demotions", "{demotion}",
            "Providers moved last in a country's route because their receipts fell below Sms:Routing:DemoteBelow, by provider and country calling code.");

    public static readonly Counter<long> RouteRestorations =
        Meter.CreateCounter<long>("secureotp.sms.route_restorations", "{restoration}",
            "Demoted providers put back in their configured place once Sms:Routing:DemotionPeriod ran out, by provider and country calling code.");

    public static readonly Counter<long> SmsProviderAttempts =
        Meter.CreateCounter<long>("secureotp.sms.provider_attempts", "{attempt}",
            "Providers tried for a text, by provider and result (sent, not_sent, unknown, number_refused): not_sent followed by another provider's attempt is a failover.");

    public static readonly Counter<long> OtpSent =
        Meter.CreateCounter<long>("secureotp.otp.sent", "{verification}",
            "Codes the provider accepted, by country calling code, purpose and channel: conversion's denominator.");

    /// <summary>Labelled <c>from</c> and <c>to</c> (sms, voice, whatsapp: bounded by <see cref="Channels.ChannelNames"/>) and
    /// <c>reason</c> (<see cref="Otp.Delivery.FallbackReasons"/>).</summary>
    public static readonly Counter<long> ChannelFallbacks =
        Meter.CreateCounter<long>("secureotp.channel.fallbacks", "{fallback}",
            "Deliveries of a code moved to the next channel of its list, by from, to and reason (refused or unavailable at send, failed receipt, timeout).");

    /// <summary>Labelled <c>from</c> and <c>reason</c> (<see cref="Otp.Delivery.FallbackReasons"/>'s skip reasons).</summary>
    public static readonly Counter<long> ChannelFallbacksSkipped =
        Meter.CreateCounter<long>("secureotp.channel.fallbacks_skipped", "{fallback}",
            "Fallbacks due but not taken, by the channel that failed and why (phone_limit, no_channel_left, ended, not_deliverable, error).");

    public static readonly Counter<long> OtpApproved =
        Meter.CreateCounter<long>("secureotp.otp.approved", "{verification}",
            "Codes verified, by country calling code, purpose and channel (the code's latest delivery): conversion's numerator.");

    /// <summary>The channel-timeout schedule's size, as this replica last counted it (see <see cref="Otp.Delivery.ChannelTimeoutWorker"/>).</summary>
    public static long ChannelTimeoutBacklog;

    /// <summary>Each SMS provider's breaker, by provider name (bounded: the routable providers).</summary>
    private static readonly ConcurrentDictionary<string, Func<int>> SmsCircuitStates = new(StringComparer.Ordinal);

    static SecureOtpTelemetry()
    {
        Meter.CreateObservableGauge("secureotp.sms.circuit_state", ObserveSmsCircuits, "{state}",
            "Each SMS provider's circuit breaker, by provider: 0 closed, 1 open, 2 half-open.");
        Meter.CreateObservableGauge("secureotp.channel.timeout_backlog", () => Interlocked.Read(ref ChannelTimeoutBacklog), "{verification}",
            "Verifications whose delivery may still time out to the next channel (the Delivery:ChannelTimeout schedule), as last counted.");
    }

    private static IEnumerable<Measurement<int>> ObserveSmsCircuits()
    {
        foreach (var (provider, read) in SmsCircuitStates)
        {
            int state;
            try
            {
                state = read();
            }
            catch (ObjectDisposedException)
            {
                continue; // its pipeline went with a host stopped in this process (tests start many): nothing to report
            }

            yield return new Measurement<int>(state, Tag("provider", provider));
        }
    }

    /// <summary>Where the circuit-state gauge reads one provider's breaker from (its pipeline's, once built).</summary>
    public static void ObserveSmsCircuit(string provider, Func<int> state) => SmsCircuitStates[provider] = state;

    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
