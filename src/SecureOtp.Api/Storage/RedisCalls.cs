using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The one way the store and the rate limiter call Redis: get the connection, bound the call by
/// <c>Redis:OperationTimeout</c>, turn every Redis failure into <see cref="StoreUnavailableException"/> (answered
/// <c>503 store_unavailable</c>), and record the call as a client span (<c>redis &lt;operation&gt;</c>,
/// <c>db.system=redis</c>) and a point in <c>secureotp.redis.duration</c>; failures also count in
/// <c>secureotp.redis.errors</c>. Keys and values are never recorded.
/// </summary>
internal sealed class RedisCalls(RedisConnection connection, IOptions<RedisOptions> options, TimeProvider time)
{
    private readonly TimeSpan timeout = options.Value.OperationTimeout;
    private readonly int waitForReplicas = options.Value.WaitForReplicas;
    private readonly TimeSpan waitTimeout = options.Value.WaitTimeout;

    /// <summary>
    /// With <c>Redis:WaitForReplicas</c>, follows a security-relevant write with <c>WAIT n ms</c> on the same connection,
    /// so the answer is given only once the replicas hold the write (or the short timeout passed): a failover then cannot
    /// undo a counted attempt, a consumed code or an accepted TOTP step.
    /// </summary>
    public async Task<RedisResult> Replicated(IDatabase db, Task<RedisResult> write)
    {
        var result = await write;
        if (waitForReplicas > 0)
        {
            await db.ExecuteAsync("WAIT", waitForReplicas, (long)waitTimeout.TotalMilliseconds);
        }

        return result;
    }

    public async Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // The span's name is built only when someone listens: without an exporter it would be a string per call for nothing.
        using var activity = SecureOtpTelemetry.Source.HasListeners() ? SecureOtpTelemetry.Source.StartActivity("redis " + operation, ActivityKind.Client) : null;
        activity?.SetTag("db.system", "redis");
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", operation);
        try
        {
            var database = await connection.GetDatabaseAsync(timeout, cancellationToken);
            return await call(database).WaitAsync(timeout, time, cancellationToken);
        }
        catch (RedisException e)
        {
            Failed(e);
            throw new StoreUnavailableException("Redis call failed.", e) { MayHaveRun = !NeverSent(e) };
        }
        catch (TimeoutException e)
        {
            Failed(e);
            throw new StoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"Redis did not answer within {timeout.TotalMilliseconds} ms."), e) { MayHaveRun = true };
        }
        catch (StoreUnavailableException e)
        {
            Failed(e);
            throw;
        }
        finally
        {
            SecureOtpTelemetry.RedisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, SecureOtpTelemetry.Tag("operation", operation));
        }

        // With BacklogPolicy.FailFast, a command finding no connection fails before it is written; anything else may
        // have been written (a timeout, a socket lost mid-flight, a server error after the script ran in part).
        static bool NeverSent(RedisException e) =>
            e is RedisConnectionException { FailureType: ConnectionFailureType.UnableToResolvePhysicalConnection };

        void Failed(Exception error)
        {
            SecureOtpTelemetry.RedisErrors.Add(1, SecureOtpTelemetry.Tag("operation", operation));
            activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity?.SetTag("error.type", error.GetType().Name);
        }
    }
}
