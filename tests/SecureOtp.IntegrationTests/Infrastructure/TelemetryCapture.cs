using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// In-process listeners for the service's spans (ActivityListener) and metric points (MeterListener): what an OTel SDK
/// would receive, without one. Integration tests run one at a time, so a process-wide listener sees only its own test.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private static readonly string[] Sources = ["SecureOtp", "Microsoft.AspNetCore", "System.Net.Http"];
    private readonly ActivityListener activities;
    private readonly MeterListener meters = new();

    public TelemetryCapture()
    {
        activities = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(activities);

        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is "SecureOtp" or "Microsoft.AspNetCore.Hosting" or "System.Net.Http" or "System.Runtime"
                or "Microsoft.AspNetCore.Server.Kestrel")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>(Record);
        meters.SetMeasurementEventCallback<int>((i, v, t, s) => Record(i, v, t, s));
        meters.SetMeasurementEventCallback<double>(Record);
        meters.Start();
    }

    public ConcurrentBag<Activity> Spans { get; } = [];

    public ConcurrentBag<(string Instrument, string Meter, string? Unit, string Kind, Dictionary<string, object?> Tags)> Points { get; } = [];

    /// <summary>Observable instruments (gauges) report only when asked.</summary>
    public void CollectObservables() => meters.RecordObservableInstruments();

    public IEnumerable<Activity> Named(string name) => Spans.Where(s => s.DisplayName == name || s.OperationName == name);

    public bool HasPoint(string instrument, string tag, string value) =>
        Points.Any(p => p.Instrument == instrument && p.Tags.TryGetValue(tag, out var v) && Equals(v?.ToString(), value));

    public void Dispose()
    {
        activities.Dispose();
        meters.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var kind = instrument.GetType().Name;
        Points.Add((instrument.Name, instrument.Meter.Name, instrument.Unit, kind, new Dictionary<string, object?>(tags.ToArray())));
    }
}
