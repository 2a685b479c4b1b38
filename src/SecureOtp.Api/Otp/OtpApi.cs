using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>The <c>/otp</c> endpoints. Each handler validates, calls one service method and maps its outcome.</summary>
internal static class OtpApi
{
    public static void MapOtpApi(this WebApplication app)
    {
        var otp = app.MapGroup("/otp").WithTags("OTP");

        // Answers carry verification state: no proxy or browser may keep them.
        otp.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });

        otp.MapPost("/send", SendAsync).RequireAuthorization(Scopes.Send)
            .WithName("SendOtp").WithSummary("Send a one-time code by SMS.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        otp.MapPost("/verify", VerifyAsync).RequireAuthorization(Scopes.Verify)
            .WithName("VerifyOtp").WithSummary("Check a code; a correct one is consumed.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        otp.MapGet("/{verificationId}", GetStatusAsync).RequireAuthorization(Scopes.Send)
            .WithName("GetOtpStatus").WithSummary("The state of a live verification.");
        otp.MapDelete("/{verificationId}", CancelAsync).RequireAuthorization(Scopes.Send)
            .WithName("CancelOtp").WithSummary("Cancel a verification; its code stops working. Idempotent.");
    }

    private static async Task<Results<Accepted<SendOtpResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendOtpRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        OtpSendService service,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        using var telemetry = OtpInstrumentation.Send(user.ClientName(), request.Purpose);
        var errors = RequestValidation.ValidateSend(request);
        if (idempotencyKey is not null && !RequestValidation.IsValidIdempotencyKey(idempotencyKey))
        {
            errors["Idempotency-Key"] = ["The Idempotency-Key header must be 1-255 visible ASCII characters."];
        }

        if (errors.Count > 0)
        {
            telemetry.Outcome("validation_failed");
            return Problems.Validation(errors);
        }

        var outcome = await service.SendAsync(user.ClientName(), request, idempotencyKey, cancellationToken);
        telemetry.Outcome(outcome);
        return outcome switch
        {
            SendOutcome.Sent sent => TypedResults.Accepted($"/otp/{sent.Response.VerificationId}", sent.Response),
            SendOutcome.ResendTooSoon tooSoon => Problems.RetryLater(http, StatusCodes.Status429TooManyRequests,
                ProblemTypes.ResendTooSoon, "A code was sent moments ago; wait before asking for another.", tooSoon.RetryAfter),
            SendOutcome.SmsUnavailable down => Problems.RetryLater(http, StatusCodes.Status503ServiceUnavailable,
                ProblemTypes.SmsUnavailable, "The SMS provider is unavailable; no code was sent.", down.RetryAfter),
            SendOutcome.DestinationUnreachable => Problems.Create(StatusCodes.Status422UnprocessableEntity,
                ProblemTypes.DestinationUnreachable, "The phone number cannot receive text messages (barred, de-activated or not allowed)."),
            SendOutcome.DestinationNotAllowed => Problems.Create(StatusCodes.Status403Forbidden, ProblemTypes.DestinationNotAllowed,
                "Texts to this country or number range are not permitted."),
            SendOutcome.RateLimited limited => Problems.RateLimited(http, limited.Limit, limited.RetryAfter),
            SendOutcome.SimSwapDetected => Problems.Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.SimSwapDetected,
                "The number's SIM card was changed recently; no code was sent. Verify the user another way."),
            SendOutcome.RiskCheckUnavailable => Problems.RetryLater(http, StatusCodes.Status503ServiceUnavailable,
                ProblemTypes.SimSwapCheckUnavailable, "The SIM-swap check is unavailable and the policy refuses to send without it.", TimeSpan.FromSeconds(5)),
            SendOutcome.IdempotencyKeyReused => Problems.IdempotencyKeyReused(),
            _ => Problems.IdempotencyInProgress(),
        };
    }

    private static async Task<Results<Ok<VerifyOtpResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        VerifyOtpRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        OtpVerifyService service,
        Microsoft.Extensions.Options.IOptions<OtpOptions> options,
        CancellationToken cancellationToken)
    {
        // A malformed code is refused here: it costs the user no attempt and touches no storage.
        using var telemetry = OtpInstrumentation.Verify(user.ClientName());
        var errors = RequestValidation.ValidateVerify(request, options.Value.CodeLength);
        if (errors.Count > 0)
        {
            telemetry.Outcome("validation_failed");
            return Problems.Validation(errors);
        }

        var outcome = await service.VerifyAsync(user.ClientName(), request, cancellationToken);
        telemetry.Outcome(outcome);
        return outcome switch
        {
            VerifyOutcome.Approved approved => TypedResults.Ok(approved.Response),
            VerifyOutcome.Incorrect incorrect => Problems.IncorrectCode(incorrect.AttemptsRemaining),
            VerifyOutcome.Locked => Problems.VerificationLocked(),
            VerifyOutcome.RateLimited limited => Problems.RateLimited(http, limited.Limit, limited.RetryAfter),
            _ => Problems.VerificationNotFound(),
        };
    }

    private static async Task<Results<Ok<VerificationStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string verificationId, OtpVerifyService service, CancellationToken cancellationToken) =>
        await service.GetStatusAsync(verificationId, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : Problems.VerificationNotFound();

    private static async Task<NoContent> CancelAsync(
        string verificationId, ClaimsPrincipal user, OtpVerifyService service, CancellationToken cancellationToken)
    {
        await service.CancelAsync(user.ClientName(), verificationId, cancellationToken);
        return TypedResults.NoContent();
    }
}
