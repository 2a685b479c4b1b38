using Microsoft.AspNetCore.Http.HttpResults;

namespace SecureOtp.FakeProvider.Health;

internal static class HealthApi
{
    public static void MapHealth(this WebApplication app)
    {
        // Tests that start the fake as a process poll this until it answers, then send.
        app.MapGet("/health", Healthy)
            .WithName("Health")
            .WithSummary("200 once the fake is listening.");
    }

    private static Ok Healthy() => TypedResults.Ok();
}
