using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Twilio;

internal static class TwilioApi
{
    public static void MapTwilioApi(this WebApplication app)
    {
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", Send)
            .WithName("TwilioCreateMessage")
            .WithSummary("Twilio's Messages API: Basic auth, a form-encoded text, 201 with the message; or Twilio's error JSON.");

        var control = app.MapGroup("/twilio");
        control.MapGet("/messages", (FakeTwilioState state, string? to) => TypedResults.Ok(state.Messages(to)));
        control.MapGet("/stats", (FakeTwilioState state, string? to) => TypedResults.Ok(new TwilioStats(state.Requests(to))));
        control.MapGet("/faults", (FakeTwilioState state) => TypedResults.Ok(state.Faults()));
        control.MapPost("/faults", AddFault);
        control.MapGet("/outcomes", (FakeTwilioState state) => TypedResults.Ok(state.Outcomes()));
        control.MapPost("/outcomes", SetOutcome);
        control.MapGet("/callbacks", (FakeTwilioState state, string? to) => TypedResults.Ok(state.Callbacks(to)));
        control.MapDelete("", (FakeTwilioState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
    }

    private static async Task<IResult> Send(
        HttpContext context, string accountSid, FakeTwilio twilio, FakeTwilioState state, IOptions<FakeTwilioOptions> options,
        TimeProvider time, ILogger<FakeTwilio> logger)
    {
        if (!context.Request.HasFormContentType)
        {
            return Error(TwilioError.Of(21999, "Send the message as application/x-www-form-urlencoded.", 400));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var to = form["To"].ToString();
        state.CountRequest(to);

        // Faults come before authentication, as a gateway's or an overloaded edge's would.
        var fault = state.TakeFault(to);
        if (fault is not null)
        {
            Log.TwilioFaultApplied(logger, fault.Id, fault.Kind, Destination.Mask(FakeTwilioState.Digits(to)));
            switch (fault.Kind)
            {
                case "error":
                    return Error(TwilioError.Of(fault.Code!.Value, $"Injected error {fault.Code}", fault.HttpStatus!.Value));
                case "http":
                    return fault.Body is { Length: > 0 } body
                        ? TypedResults.Text(body, HttpFault.ContentTypeOf(body), statusCode: fault.HttpStatus)
                        : TypedResults.StatusCode(fault.HttpStatus!.Value);
                case "drop":
                    DroppedConnection.Close(context);
                    return TypedResults.Empty;
            }
        }

        if (twilio.Authenticate(context.Request.Headers.Authorization) is not { } user)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return Error(TwilioError.Of(20003, "Authenticate", 401));
        }

        if (accountSid != options.Value.AccountSid)
        {
            return Error(TwilioError.Of(20404, "The requested resource was not found", 404));
        }

        var (message, error) = twilio.Create(user, form);
        if (fault is { Kind: "delay", DelayMs: { } delayMs })
        {
            // Twilio took the text; only its answer is late. A client that gives up first never learns the SID.
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), time, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return TypedResults.Empty;
            }
        }

        return message is not null
            ? TypedResults.Json(message, FakeProviderJsonContext.Default.TwilioMessage, statusCode: StatusCodes.Status201Created)
            : Error(error!);
    }

    private static JsonHttpResult<TwilioError> Error(TwilioError error) =>
        TypedResults.Json(error, FakeProviderJsonContext.Default.TwilioError, statusCode: error.Status);

    private static async Task<Results<Ok<TwilioFault>, BadRequest<ErrorResponse>>> AddFault(HttpRequest request, FakeTwilioState state)
    {
        var (body, error) = await JsonBody.ReadAsync(request, FakeProviderJsonContext.Default.TwilioFaultRequest);
        var (fault, invalid) = body?.ToFault() ?? (null, error);
        return fault is null ? TypedResults.BadRequest(new ErrorResponse(invalid!)) : TypedResults.Ok(state.AddFault(fault));
    }

    private static async Task<Results<Ok<TwilioOutcome>, BadRequest<ErrorResponse>>> SetOutcome(HttpRequest request, FakeTwilioState state)
    {
        var (body, error) = await JsonBody.ReadAsync(request, FakeProviderJsonContext.Default.TwilioOutcomeRequest);
        var (outcome, invalid) = body?.ToOutcome() ?? (null, error);
        if (outcome is null)
        {
            return TypedResults.BadRequest(new ErrorResponse(invalid!));
        }

        state.SetOutcome(outcome);
        return TypedResults.Ok(outcome);
    }
}
