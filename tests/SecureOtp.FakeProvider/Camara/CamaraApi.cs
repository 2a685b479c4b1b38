using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using SecureOtp.FakeProvider.Json;
using SecureOtp.FakeProvider.SimSwap;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Camara;

internal static class CamaraApi
{
    private const string Api = "camara";
    private const string CorrelatorHeader = "x-correlator";

    public static void MapCamaraApi(this WebApplication app)
    {
        app.MapPost("/sim-swap/v2/check", Check)
            .WithName("CamaraSimSwapCheck")
            .WithSummary("CAMARA SIM Swap v2: was the number's SIM swapped in the last maxAge hours? Needs a token from /oauth2/token.");
    }

    private static async Task<IResult> Check(
        HttpContext context, FakeSimSwap simSwap, TimeProvider time, ILogger<FakeSimSwap> logger)
    {
        // Echoed on every answer, errors and faults included, as CAMARA asks.
        var correlator = context.Request.Headers[CorrelatorHeader];
        if (!StringValues.IsNullOrEmpty(correlator))
        {
            context.Response.Headers[CorrelatorHeader] = correlator;
        }

        // Read first so the request is counted under its number, whatever happens next.
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, FakeProviderJsonContext.Default.CamaraCheckRequest);
        var number = PhoneNumbers.Key(body?.PhoneNumber);
        var fault = simSwap.ReceiveCheck(number);
        if (await SimSwapFaultAnswer.ApplyAsync(fault, context, time, logger) is { } faulted)
        {
            return faulted;
        }

        if (!simSwap.IsAuthorized(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Refuse(CamaraError.Unauthenticated(), number, logger);
        }

        if (body is null)
        {
            return Refuse(CamaraError.InvalidArgument(bodyError!), number, logger);
        }

        if (body.PhoneNumber is null)
        {
            return Refuse(CamaraError.MissingIdentifier(), number, logger);
        }

        if (!PhoneNumbers.IsCamara(body.PhoneNumber))
        {
            return Refuse(
                CamaraError.InvalidArgument("phoneNumber must be E.164 with a leading '+': '+' followed by 8-15 digits."),
                number,
                logger);
        }

        var maxAge = body.MaxAge ?? CamaraCheckRequest.DefaultMaxAge;
        if (maxAge is < CamaraCheckRequest.MinMaxAge or > CamaraCheckRequest.MaxMaxAge)
        {
            return Refuse(
                CamaraError.OutOfRange($"maxAge must be {CamaraCheckRequest.MinMaxAge}-{CamaraCheckRequest.MaxMaxAge} hours."),
                number,
                logger);
        }

        var swapped = simSwap.AnswerFor(number!).SwappedWithin(TimeSpan.FromHours(maxAge), simSwap.Now);
        Log.SimSwapAnswered(logger, Api, Destination.Mask(number), maxAge, swapped);
        return TypedResults.Ok(new CamaraCheckResponse(swapped));
    }

    private static JsonHttpResult<CamaraError> Refuse(CamaraError error, string? number, ILogger logger)
    {
        Log.SimSwapRefused(logger, Api, error.Status, error.Code, Destination.Mask(number));
        return TypedResults.Json(error, statusCode: error.Status);
    }
}
