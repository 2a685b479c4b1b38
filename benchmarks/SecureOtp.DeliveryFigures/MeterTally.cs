using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// What the dashboard's delivery panels query, read from the service's own meter in this process: settled texts by
/// country and status (<c>secureotp.sms.delivery</c>), receipt latencies by country (<c>secureotp.sms.delivery.latency</c>),
/// and codes sent and approved by country and purpose (<c>secureotp.otp.sent</c> / <c>.approved</c>).
/// </summary>
internal sealed class MeterTally : IDisposable
{
    private readonly MeterListener listener = new();

    public MeterTally()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "SecureOtp")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "secureotp.sms.delivery.latency")
            {
                Latencies.GetOrAdd(Tag(tags, "country"), _ => []).Add(value);
            }
        });
        listener.Start();
    }

    /// <summary>(instrument, country, status or purpose) → count.</summary>
    public ConcurrentDictionary<(string Instrument, string Country, string Label), long> Counts { get; } = new();

    public ConcurrentDictionary<string, ConcurrentBag<double>> Latencies { get; } = new();

    public void Dispose() => listener.Dispose();

    private void Count(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var label = instrument switch
        {
            "secureotp.sms.delivery" => Tag(tags, "status"),
            "secureotp.otp.sent" or "secureotp.otp.approved" => Tag(tags, "purpose"),
            _ => null,
        };
        if (label is not null)
        {
            Counts.AddOrUpdate((instrument, Tag(tags, "country"), label), value, (_, sum) => sum + value);
        }
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var (key, value) in tags)
        {
            if (key == name)
            {
                return value?.ToString() ?? "";
            }
        }

        return "";
    }
}
