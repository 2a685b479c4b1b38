using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.State;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Faults;

internal static class FaultsApi
{
    public static void MapFaultsApi(this WebApplication app)
    {
        var faults = app.MapGroup("/faults");

        faults.MapPost("", AddFault)
            .WithName("AddFault")
            .WithSummary("Makes the next matching /sms/json requests fail: a Vonage status, an HTTP error, a delay or a dropped connection.");
        faults.MapGet("", ListFaults)
            .WithName("ListFaults")
            .WithSummary("The active faults in the order they are checked, with the uses each has left.");
        faults.MapDelete("", ClearFaults)
            .WithName("ClearFaults")
            .WithSummary("Removes every fault; messages and counters stay.");
    }

    private static async Task<Results<Ok<Fault>, BadRequest<ErrorResponse>>> AddFault(
        HttpRequest request, FakeProviderState state, ILogger<FakeProviderState> logger)
    {
        // Read by hand rather than bound, so a bad body gets a sentence saying what is wrong instead of a bare 400.
        // The content type is not checked: `curl -d '{...}'` without -H sends JSON labelled as a form.
        FaultRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(
                request.Body, FakeProviderJsonContext.Default.FaultRequest, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return TypedResults.BadRequest(new ErrorResponse($"Invalid fault JSON: {e.Message}"));
        }

        if (body is null)
        {
            return TypedResults.BadRequest(new ErrorResponse("Send a fault object, e.g. {\"kind\":\"drop\",\"times\":1}."));
        }

        var (fault, error) = body.ToFault();
        if (fault is null)
        {
            return TypedResults.BadRequest(new ErrorResponse(error!));
        }

        var added = state.AddFault(fault);
        Log.FaultAdded(
            logger,
            added.Id,
            added.Kind,
            added.To is null ? "every destination" : Destination.Mask(added.To),
            added.RemainingTimes?.ToString(CultureInfo.InvariantCulture) ?? "until cleared");
        return TypedResults.Ok(added);
    }

    private static Ok<Fault[]> ListFaults(FakeProviderState state) => TypedResults.Ok(state.Faults());

    private static NoContent ClearFaults(FakeProviderState state, ILogger<FakeProviderState> logger)
    {
        state.ClearFaults();
        Log.FaultsCleared(logger);
        return TypedResults.NoContent();
    }
}

/// <summary>The body of every 400 this fake writes.</summary>
internal sealed record ErrorResponse(string Error);
