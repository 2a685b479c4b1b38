using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.State;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>What tests use to set up the SIM-swap APIs and read back what reached them; the twin of /faults and /stats.</summary>
internal static class SimSwapControlApi
{
    public static void MapSimSwapControlApi(this WebApplication app)
    {
        var simSwap = app.MapGroup("/simswap");

        simSwap.MapPost("/numbers", SetNumber)
            .WithName("SetSimSwapNumber")
            .WithSummary("Sets what both SIM-swap APIs answer for a number: swapped or not, and when the SIM last changed.");
        simSwap.MapGet("/numbers", ListNumbers)
            .WithName("ListSimSwapNumbers")
            .WithSummary("The numbers with an answer set; every other number is not swapped.");
        simSwap.MapPost("/faults", AddFault)
            .WithName("AddSimSwapFault")
            .WithSummary("Makes the next matching check requests (or token requests, with target \"token\") fail.");
        simSwap.MapGet("/faults", ListFaults)
            .WithName("ListSimSwapFaults")
            .WithSummary("The active SIM-swap faults in the order they are checked, with the uses each has left.");
        simSwap.MapGet("/stats", Stats)
            .WithName("SimSwapStats")
            .WithSummary("Check requests (both APIs; ?phoneNumber= for one number's) and token requests, refused and faulted ones included.");
        simSwap.MapDelete("", Reset)
            .WithName("ResetSimSwap")
            .WithSummary("Clears answers, SIM-swap faults and counters; issued tokens stay valid.");
    }

    private static async Task<Results<Ok<NumberAnswer>, BadRequest<ErrorResponse>>> SetNumber(
        HttpRequest request, FakeProviderState state, ILogger<FakeProviderState> logger)
    {
        var (body, error) = await JsonBody.ReadAsync(request, FakeProviderJsonContext.Default.NumberRequest);
        var (answer, invalid) = body?.ToAnswer() ?? (null, error);
        if (answer is null)
        {
            return TypedResults.BadRequest(new ErrorResponse(invalid!));
        }

        state.SetAnswer(answer);
        Log.SimSwapNumberSet(
            logger,
            Destination.Mask(answer.PhoneNumber),
            answer.Swapped,
            answer.LatestSimChange?.ToString("O", CultureInfo.InvariantCulture) ?? "unknown");
        return TypedResults.Ok(answer);
    }

    private static Ok<NumberAnswer[]> ListNumbers(FakeProviderState state) => TypedResults.Ok(state.Answers());

    private static async Task<Results<Ok<SimSwapFault>, BadRequest<ErrorResponse>>> AddFault(
        HttpRequest request, FakeProviderState state, ILogger<FakeProviderState> logger)
    {
        var (body, error) = await JsonBody.ReadAsync(request, FakeProviderJsonContext.Default.SimSwapFaultRequest);
        var (fault, invalid) = body?.ToFault() ?? (null, error);
        if (fault is null)
        {
            return TypedResults.BadRequest(new ErrorResponse(invalid!));
        }

        var added = state.AddSimSwapFault(fault);
        Log.SimSwapFaultAdded(
            logger,
            added.Id,
            added.Kind,
            added.Target,
            added.PhoneNumber is { } number ? Destination.Mask(number)
                : added.Target == SimSwapFault.TokenTarget ? "every token request" : "every number",
            added.RemainingTimes?.ToString(CultureInfo.InvariantCulture) ?? "until cleared");
        return TypedResults.Ok(added);
    }

    private static Ok<SimSwapFault[]> ListFaults(FakeProviderState state) => TypedResults.Ok(state.SimSwapFaults());

    private static Ok<SimSwapStats> Stats(FakeProviderState state, string? phoneNumber) =>
        TypedResults.Ok(state.SimSwapStats(PhoneNumbers.Key(phoneNumber)));

    private static NoContent Reset(FakeProviderState state, ILogger<FakeProviderState> logger)
    {
        state.ResetSimSwap();
        Log.SimSwapReset(logger);
        return TypedResults.NoContent();
    }
}
