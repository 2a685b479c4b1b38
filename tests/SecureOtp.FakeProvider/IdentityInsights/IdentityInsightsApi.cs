using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.SimSwap;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.IdentityInsights;

internal static class IdentityInsightsApi
{
    private const string Api = "identity-insights";
    private const string ProblemJson = "application/problem+json";

    public static void MapIdentityInsightsApi(this WebApplication app)
    {
        app.MapPost("/identity-insights/v1/requests", Request)
            .WithName("IdentityInsightsRequest")
            .WithSummary("Vonage Identity Insights, sim_swap insight only: authenticated with the application's RS256 JWT.");
    }

    private static async Task<IResult> Request(
        HttpContext context, FakeSimSwap simSwap, VonageJwtVerifier jwt, TimeProvider time, ILogger<FakeSimSwap> logger)
    {
        // Read first so the request is counted under its number, whatever happens next.
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, FakeProviderJsonContext.Default.InsightsRequest);
        var number = PhoneNumbers.Key(body?.PhoneNumber);
        var fault = simSwap.ReceiveCheck(number);
        if (await SimSwapFaultAnswer.ApplyAsync(fault, context, time, logger) is { } faulted)
        {
            return faulted;
        }

        if (jwt.FindError(context.Request) is { } jwtError)
        {
            return Refuse(StatusCodes.Status401Unauthorized, new InsightsProblem("Unauthorized", jwtError), number, logger);
        }

        var (period, error) = body?.Validate() ?? (0, bodyError);
        if (error is not null)
        {
            return Refuse(StatusCodes.Status400BadRequest, new InsightsProblem("Bad Request", error), number, logger);
        }

        // Validate has checked the number.
        var answer = simSwap.AnswerFor(number!);
        var swapped = answer.SwappedWithin(TimeSpan.FromHours(period), simSwap.Now);
        Log.SimSwapAnswered(logger, Api, Destination.Mask(number), period, swapped);
        var insight = new SimSwapInsight(SimSwapInsight.Format(answer.LatestSimChange), swapped, InsightStatus.Ok);
        return TypedResults.Ok(new InsightsResponse(Guid.NewGuid().ToString(), new InsightsResult(insight)));
    }

    private static JsonHttpResult<InsightsProblem> Refuse(int status, InsightsProblem problem, string? number, ILogger logger)
    {
        Log.SimSwapRefused(logger, Api, status, problem.Title, Destination.Mask(number));
        return TypedResults.Json(problem, contentType: ProblemJson, statusCode: status);
    }
}
