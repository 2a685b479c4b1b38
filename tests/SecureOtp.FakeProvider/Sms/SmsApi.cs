using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Sms;

internal static class SmsApi
{
    public static void MapSmsApi(this WebApplication app)
    {
        app.MapPost("/sms/json", Send)
            .WithName("SendSms")
            .WithSummary("Vonage SMS API: accepts a form-encoded text, unless an injected fault says otherwise.");
    }

    private static async Task<Results<Ok<VonageResponse>, ContentHttpResult, StatusCodeHttpResult, EmptyHttpResult>> Send(
        HttpContext context, FakeVonage vonage, TimeProvider time, ILogger<FakeVonage> logger)
    {
        var aborted = context.RequestAborted;
        var submission = await SmsSubmission.ReadAsync(context.Request, aborted);

        switch (vonage.Receive(submission))
        {
            case StatusFault fault:
                return TypedResults.Ok(VonageResponse.Rejected(new VonageError(fault.Status, fault.ErrorText), submission.To));

            case HttpFault { Body: { Length: > 0 } body } fault:
                return TypedResults.Text(body, HttpFault.ContentTypeOf(body), statusCode: fault.HttpStatus);

            case HttpFault fault:
                return TypedResults.StatusCode(fault.HttpStatus);

            case DropFault:
                DroppedConnection.Close(context);
                return TypedResults.Empty;

            case DelayFault fault:
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), time, aborted);
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    // The client gave up (its timeout) while "Vonage" was still slow to accept: nothing was accepted, so
                    // nothing is recorded. A test that wants the ambiguous "accepted but the answer was lost" case can
                    // count the request through /stats, which already has it.
                    Log.DelayAbandoned(logger, fault.Id);
                    return TypedResults.Empty;
                }

                break;
        }

        return TypedResults.Ok(vonage.Submit(submission));
    }
}
