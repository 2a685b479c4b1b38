using System.Diagnostics;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Storage;

/// <summary>
/// One Redis call as a client span (<c>redis &lt;operation&gt;</c>, <c>db.system=redis</c>) and a point in
/// <c>secureotp.redis.duration</c>; failures also count in <c>secureotp.redis.errors</c>. Keys and values are never recorded.
/// </summary>
internal readonly struct RedisInstrumentation : IDisposable
{
    private readonly Activity? activity;
    private readonly string operation;
    private readonly long started;

    private RedisInstrumentation(string operation)
    {
        this.operation = operation;
        started = Stopwatch.GetTimestamp();
        activity = SecureOtpTelemetry.Source.StartActivity("redis " + operation, ActivityKind.Client);
        activity?.SetTag("db.system", "redis");
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", operation);
    }

    public static RedisInstrumentation Start(string operation) => new(operation);

    public void Failed(Exception error)
    {
        SecureOtpTelemetry.RedisErrors.Add(1, SecureOtpTelemetry.Tag("operation", operation));
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        activity?.SetTag("error.type", error.GetType().Name);
    }

    public void Dispose()
    {
        SecureOtpTelemetry.RedisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, SecureOtpTelemetry.Tag("operation", operation));
        activity?.Dispose();
    }
}
