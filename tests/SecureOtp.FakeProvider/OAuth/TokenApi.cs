using SecureOtp.FakeProvider.SimSwap;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.OAuth;

internal static class TokenApi
{
    public static void MapTokenApi(this WebApplication app)
    {
        app.MapPost("/oauth2/token", Issue)
            .WithName("IssueToken")
            .WithSummary("OAuth2 client-credentials token endpoint for the CAMARA SIM Swap API.");
    }

    private static async Task<IResult> Issue(
        HttpContext context, FakeSimSwap simSwap, TimeProvider time, ILogger<FakeSimSwap> logger)
    {
        // Counted and faulted before anything is read: a gateway in front of the operator fails just as early.
        var fault = simSwap.ReceiveTokenRequest();
        if (await SimSwapFaultAnswer.ApplyAsync(fault, context, time, logger) is { } faulted)
        {
            return faulted;
        }

        var request = await TokenRequest.ReadAsync(context.Request, context.RequestAborted);
        // RFC 6749 5.1: token responses, errors included, must not be cached.
        context.Response.Headers.CacheControl = "no-store";
        if (request.FindError(simSwap.Options) is { } failure)
        {
            var (status, error) = failure;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"fake-oauth2\"";
            }

            Log.TokenRefused(logger, status, error.Error);
            return TypedResults.Json(error, statusCode: status);
        }

        return TypedResults.Ok(simSwap.IssueToken());
    }
}
