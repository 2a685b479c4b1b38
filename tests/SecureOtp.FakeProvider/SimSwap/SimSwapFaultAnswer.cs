using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.SimSwap;

internal static class SimSwapFaultAnswer
{
    /// <summary>
    /// What a request that suffers <paramref name="fault"/> gets instead of the API's answer, or null when the request
    /// goes on normally: no fault, or a delay that ran its course.
    /// </summary>
    public static async Task<IResult?> ApplyAsync(SimSwapFault? fault, HttpContext context, TimeProvider time, ILogger logger)
    {
        switch (fault)
        {
            case SimSwapHttpFault { Body: { Length: > 0 } body } http:
                return TypedResults.Text(body, HttpFault.ContentTypeOf(body), statusCode: http.HttpStatus);

            case SimSwapHttpFault http:
                return TypedResults.StatusCode(http.HttpStatus);

            case SimSwapDropFault:
                DroppedConnection.Close(context);
                return TypedResults.Empty;

            case SimSwapDelayFault delay:
                var aborted = context.RequestAborted;
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(delay.DelayMs), time, aborted);
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    Log.DelayAbandoned(logger, delay.Id);
                    return TypedResults.Empty;
                }

                return null;

            default:
                return null;
        }
    }
}
