using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Channels;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The <c>/otp</c> endpoints. Each handler parses its request once, calls one service method and answers from the
/// outcome's row of <see cref="OtpOutcomeTables"/>, which also documents every status in OpenAPI.
/// </summary>
internal static class OtpApi
{
    public static void MapOtpApi(this WebApplication app)
    {
        var otp = app.MapGroup("/otp").WithTags("OTP").DisallowCaching();

        otp.MapPost("/send", SendAsync).RequireAuthorization(Scopes.Send)
            .Documented("SendOtp", "Send a one-time code by SMS.", OtpOutcomeTables.Send, [.. CommonProblems.ApiKey, .. CommonProblems.JsonBody]);
        otp.MapPost("/verify", VerifyAsync).RequireAuthorization(Scopes.Verify)
            .Documented("VerifyOtp", "Check a code; a correct one is consumed.", OtpOutcomeTables.Verify, [.. CommonProblems.ApiKey, .. CommonProblems.JsonBody]);
        otp.MapGet("/{verificationId}", GetStatusAsync).RequireAuthorization(Scopes.Send)
            .Documented("GetOtpStatus", "The state of a live verification.", OtpOutcomeTables.Status, CommonProblems.ApiKey);
        otp.MapPost("/{verificationId}/resend", ResendAsync).RequireAuthorization(Scopes.Send)
            .Documented("ResendOtp", "Deliver the same code again, by the channel asked for.", OtpOutcomeTables.Resend, [.. CommonProblems.ApiKey, .. CommonProblems.JsonBody]);
        otp.MapDelete("/{verificationId}", CancelAsync).RequireAuthorization(Scopes.Send)
            .Documented("CancelOtp", "Cancel a verification; its code stops working. Idempotent.", OtpOutcomeTables.Cancel, CommonProblems.ApiKey);
    }

    private static async Task<Results<Accepted<SendOtpResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendOtpRequest request,
        // Every line of the header, not one string: bound as a string, two lines would be joined into a key ("k1,k2")
        // neither meant. RequestValidation refuses a repeat.
        [FromHeader(Name = RequestValidation.IdempotencyKeyHeader)] string[]? idempotencyKeys,
        ClaimsPrincipal user,
        OtpSendService service,
        ChannelSelection channels,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        using var telemetry = OtpInstrumentation.Send(caller.Client);
        if (!RequestValidation.TryParseSend(caller, request, idempotencyKeys, out var parsed, out var errors)
            || WithChannels(channels, request, parsed, errors) is not { } command)
        {
            telemetry.Outcome(OtpOutcomeTables.Send[SendOutcomeKind.ValidationFailed]);
            return Problems.Validation(errors);
        }

        telemetry.Purpose(command.Purpose);
        var outcome = await service.SendAsync(command, cancellationToken);
        var info = OtpOutcomeTables.Send[outcome.Kind];
        telemetry.Outcome(info);
        return outcome switch
        {
            SendOutcome.Sent sent => TypedResults.Accepted($"/otp/{sent.Response.VerificationId}", sent.Response),
            SendOutcome.RateLimited limited => Problems.RateLimited(http, info, limited.Limit, limited.RetryAfter),
            IRetryLater later => Problems.RetryLater(http, info, later.RetryAfter),
            _ => Problems.For(info),
        };
    }

    /// <summary>The app's channel preference with the switched-off channels skipped; none left is the caller's 400.</summary>
    private static SendCommand? WithChannels(ChannelSelection channels, SendOtpRequest request, SendCommand command, Dictionary<string, string[]> errors)
    {
        if (channels.Resolve(request.Channels) is { } resolved)
        {
            return command with { Channels = resolved };
        }

        errors["channels"] = ["None of the channels asked for is enabled on this service."];
        return null;
    }

    private static async Task<Results<Ok<VerifyOtpResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        VerifyOtpRequest request,
        [FromHeader(Name = RequestValidation.IdempotencyKeyHeader)] string[]? idempotencyKeys,
        ClaimsPrincipal user,
        HttpContext http,
        OtpVerifyService service,
        IOptions<OtpOptions> options,
        CancellationToken cancellationToken)
    {
        // A malformed code is refused here: it costs the user no attempt and touches no storage.
        var caller = user.Caller();
        using var telemetry = OtpInstrumentation.Verify(caller.Client);
        if (!RequestValidation.TryParseVerify(caller, request, options.Value.CodeLength, options.Value.RequireUserId, idempotencyKeys, out var command, out var errors))
        {
            telemetry.Outcome(OtpOutcomeTables.Verify[VerifyOutcomeKind.ValidationFailed]);
            return Problems.Validation(errors);
        }

        var outcome = await service.VerifyAsync(command, cancellationToken);
        var info = OtpOutcomeTables.Verify[outcome.Kind];
        telemetry.Outcome(outcome.Replayed ? info with { Label = OtpOutcomeTables.ReplayLabel } : info);
        return outcome is VerifyOutcome.Approved approved ? TypedResults.Ok(approved.Response) : Problems.Refusal(http, info, outcome);
    }

    /// <summary>Only the tenant that created a verification sees it: any other gets the answer an unknown id gets.</summary>
    /// <remarks>A path that cannot hold an id send issued is refused, not looked up: it names no verification, let alone another.</remarks>
    private static async Task<Results<Ok<VerificationStatusResponse>, ValidationProblem, ProblemHttpResult>> GetStatusAsync(
        string verificationId, ClaimsPrincipal user, OtpVerifyService service, CancellationToken cancellationToken)
    {
        if (!RequestValidation.TryParsePathVerificationId(verificationId, out var id, out var errors))
        {
            return Problems.Validation(errors);
        }

        return await service.GetStatusAsync(user.Caller(), id, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : Problems.For(OtpOutcomeTables.Status[StatusOutcomeKind.NotFound]);
    }

    /// <summary>Tenant rules as GET: another tenant's id is answered as an unknown one, a malformed one is a 400.</summary>
    private static async Task<Results<Accepted<ResendOtpResponse>, ValidationProblem, ProblemHttpResult>> ResendAsync(
        string verificationId, ResendOtpRequest request, ClaimsPrincipal user, ResendService service, ChannelSelection channels, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!RequestValidation.TryParsePathVerificationId(verificationId, out var id, out var errors))
        {
            return Problems.Validation(errors);
        }

        if (!ChannelNames.IsKnown(request.Channel) || !channels.IsEnabled(request.Channel!))
        {
            errors["channel"] = [$"Must be one of the enabled channels ({string.Join(", ", ChannelNames.All.Where(channels.IsEnabled))})."];
            return Problems.Validation(errors);
        }

        var outcome = await service.ResendAsync(user.Caller(), id, request.Channel!, cancellationToken);
        var info = OtpOutcomeTables.Resend[outcome.Kind];
        return outcome switch
        {
            ResendOutcome.Sent sent => TypedResults.Accepted($"/otp/{id.Value}", sent.Response),
            ResendOutcome.Refused { Send: SendOutcome.RateLimited limited } => Problems.RateLimited(http, info, limited.Limit, limited.RetryAfter),
            ResendOutcome.Refused { Send: IRetryLater later } => Problems.RetryLater(http, info, later.RetryAfter),
            _ => Problems.For(info),
        };
    }

    /// <remarks>A 204 says the id's code no longer works; for a path that could never hold an id that would be untrue, so
    /// it is a 400 (and spends no budget).</remarks>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string verificationId, ClaimsPrincipal user, OtpVerifyService service, HttpContext http, CancellationToken cancellationToken)
    {
        if (!RequestValidation.TryParsePathVerificationId(verificationId, out var id, out var errors))
        {
            return Problems.Validation(errors);
        }

        return await service.CancelAsync(user.Caller(), id, cancellationToken) is { } refused
            ? Problems.RateLimited(http, OtpOutcomeTables.Cancel[CancelOutcomeKind.RateLimited], refused.Limit, refused.RetryAfter)
            : TypedResults.NoContent();
    }
}
