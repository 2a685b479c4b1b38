using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.State;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Messages;

internal static class MessagesApi
{
    public static void MapMessagesApi(this WebApplication app)
    {
        app.MapGet("/messages", ListMessages)
            .WithName("ListMessages")
            .WithSummary("Accepted messages, oldest first; ?to= (with or without '+') keeps one destination's.");
        app.MapDelete("/messages", Reset)
            .WithName("Reset")
            .WithSummary("Clears messages, SMS request counters and SMS faults; the SIM-swap side has DELETE /simswap.");
        app.MapGet("/stats", Stats)
            .WithName("Stats")
            .WithSummary("How many /sms/json requests arrived, failed and faulted ones included; ?to= counts one destination's.");
    }

    private static Ok<RecordedMessage[]> ListMessages(FakeProviderState state, string? to) =>
        TypedResults.Ok(state.Messages(Destination.Normalize(to)));

    private static NoContent Reset(FakeProviderState state, ILogger<FakeProviderState> logger)
    {
        state.Reset();
        Log.StateReset(logger);
        return TypedResults.NoContent();
    }

    private static Ok<RequestStats> Stats(FakeProviderState state, string? to) =>
        TypedResults.Ok(new RequestStats(state.Requests(Destination.Normalize(to))));
}
