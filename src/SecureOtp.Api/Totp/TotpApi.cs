using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

/// <summary>
/// The <c>/totp</c> endpoints. Each handler parses its request once, calls one <see cref="TotpService"/> method and answers
/// from the outcome's row of <see cref="TotpOutcomeTables"/>, which also documents every status in OpenAPI.
/// Enroll, status and delete need <c>otp:send</c> (the flow that manages a user's factors); verify and recover need
/// <c>otp:verify</c>; confirm takes either, since the enrolling flow and the verifying flow may each finish it.
/// </summary>
internal static class TotpApi
{
    /// <summary>One of <see cref="TotpRequestValidation"/>'s parsers: the command, or the errors a 400 lists.</summary>
    private delegate bool Parser<TRequest, TCommand>(
        ApiCaller caller, TRequest request, [NotNullWhen(true)] out TCommand? command, out Dictionary<string, string[]> errors)
        where TCommand : class;

    /// <summary>The policy of confirm: a key with either scope.</summary>
    public const string ConfirmPolicy = "totp:confirm";

    public static void MapTotpApi(this WebApplication app)
    {
        var totp = app.MapGroup("/totp").WithTags("TOTP").DisallowCaching();

        ProblemKind[] body = [.. CommonProblems.ApiKey, .. CommonProblems.JsonBody];
        totp.MapPost("/enroll", EnrollAsync).RequireAuthorization(Scopes.Send)
            .Documented("EnrollTotp", "Start an authenticator-app enrolment: a new secret, its otpauth:// URI and QR code.", TotpOutcomeTables.Enroll, body);
        totp.MapPost("/confirm", ConfirmAsync).RequireAuthorization(ConfirmPolicy)
            .Documented("ConfirmTotp", "Activate a pending enrolment with its first code; returns one-time recovery codes.", TotpOutcomeTables.Confirm, body);
        totp.MapPost("/verify", VerifyAsync).RequireAuthorization(Scopes.Verify)
            .Documented("VerifyTotp", "Check an authenticator code; each time step is accepted once.", TotpOutcomeTables.Verify, body);
        totp.MapPost("/recover", RecoverAsync).RequireAuthorization(Scopes.Verify)
            .Documented("RecoverTotp", "Approve with a one-time recovery code instead of an authenticator code.", TotpOutcomeTables.Recover, body);
        totp.MapGet("/{userId}", GetStatusAsync).RequireAuthorization(Scopes.Send)
            .Documented("GetTotpStatus", "The state of a user's enrolment (never its secret).", TotpOutcomeTables.Status, CommonProblems.ApiKey);
        totp.MapDelete("/{userId}", DeleteAsync).RequireAuthorization(Scopes.Send)
            .Documented("DeleteTotp", "Remove a user's enrolment and recovery codes. Idempotent.", TotpOutcomeTables.Delete, CommonProblems.ApiKey);
    }

    private static async Task<Results<Created<TotpEnrollResponse>, ValidationProblem, ProblemHttpResult>> EnrollAsync(
        TotpEnrollRequest request, ClaimsPrincipal user, TotpService service, IOptions<TotpOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        using var telemetry = new TotpInstrumentation("enroll", caller.Client, TotpOutcomeTables.Enroll[TotpEnrollOutcomeKind.StoreUnavailable]);
        if (!TotpRequestValidation.TryParseEnroll(caller, request, options.Value.Issuer, out var command, out var errors))
        {
            telemetry.Outcome(TotpOutcomeTables.Enroll[TotpEnrollOutcomeKind.ValidationFailed]);
            return Problems.Validation(errors);
        }

        var outcome = await service.EnrollAsync(command, cancellationToken);
        var info = TotpOutcomeTables.Enroll[outcome.Kind];
        telemetry.Outcome(info);
        return outcome is TotpOutcome<TotpEnrollOutcomeKind, TotpEnrollResponse>.Success enrolled
            ? TypedResults.Created(TotpPath.Location(command.UserId), enrolled.Body)
            : Problems.Refusal(http, info, outcome);
    }

    private static Task<Results<Ok<TotpConfirmResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        TotpCodeRequest request, ClaimsPrincipal user, TotpService service, HttpContext http, CancellationToken cancellationToken) =>
        CheckAsync<TotpCodeRequest, TotpCodeCommand, TotpConfirmOutcomeKind, TotpConfirmResponse>(
            "confirm", TotpOutcomeTables.Confirm, TotpConfirmOutcomeKind.ValidationFailed, TotpConfirmOutcomeKind.StoreUnavailable,
            user, http, request, TotpRequestValidation.TryParseCode, command => service.ConfirmAsync(command, cancellationToken));

    private static Task<Results<Ok<TotpVerifyResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        TotpCodeRequest request, ClaimsPrincipal user, TotpService service, HttpContext http, CancellationToken cancellationToken) =>
        CheckAsync<TotpCodeRequest, TotpCodeCommand, TotpVerifyOutcomeKind, TotpVerifyResponse>(
            "verify", TotpOutcomeTables.Verify, TotpVerifyOutcomeKind.ValidationFailed, TotpVerifyOutcomeKind.StoreUnavailable,
            user, http, request, TotpRequestValidation.TryParseCode, command => service.VerifyAsync(command, cancellationToken));

    private static Task<Results<Ok<TotpRecoverResponse>, ValidationProblem, ProblemHttpResult>> RecoverAsync(
        TotpRecoverRequest request, ClaimsPrincipal user, TotpService service, HttpContext http, CancellationToken cancellationToken) =>
        CheckAsync<TotpRecoverRequest, TotpRecoverCommand, TotpRecoverOutcomeKind, TotpRecoverResponse>(
            "recover", TotpOutcomeTables.Recover, TotpRecoverOutcomeKind.ValidationFailed, TotpRecoverOutcomeKind.StoreUnavailable,
            user, http, request, TotpRequestValidation.TryParseRecover, command => service.RecoverAsync(command, cancellationToken));

    /// <summary>Only the tenant that enrolled a user sees the enrolment: another tenant's user of the same id is another user.</summary>
    private static async Task<Results<Ok<TotpStatusResponse>, ValidationProblem, ProblemHttpResult>> GetStatusAsync(
        string userId, ClaimsPrincipal user, TotpService service, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        var table = TotpOutcomeTables.Status;
        userId = TotpPath.UserId(http, userId);
        using var telemetry = new TotpInstrumentation("status", caller.Client, table[TotpStatusOutcomeKind.StoreUnavailable]);
        if (TotpRequestValidation.ValidatePathUserId(userId) is { Count: > 0 } errors)
        {
            telemetry.Outcome(table[TotpStatusOutcomeKind.ValidationFailed]);
            return Problems.Validation(errors);
        }

        var status = await service.GetStatusAsync(caller, userId, cancellationToken);
        telemetry.Outcome(table[status is null ? TotpStatusOutcomeKind.NotEnrolled : TotpStatusOutcomeKind.Found]);
        return status is null ? Problems.For(table[TotpStatusOutcomeKind.NotEnrolled]) : TypedResults.Ok(status);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string userId, ClaimsPrincipal user, TotpService service, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        var table = TotpOutcomeTables.Delete;
        userId = TotpPath.UserId(http, userId);
        using var telemetry = new TotpInstrumentation("delete", caller.Client, table[TotpDeleteOutcomeKind.StoreUnavailable]);
        if (TotpRequestValidation.ValidatePathUserId(userId) is { Count: > 0 } errors)
        {
            telemetry.Outcome(table[TotpDeleteOutcomeKind.ValidationFailed]);
            return Problems.Validation(errors);
        }

        if (await service.DeleteAsync(caller, userId, cancellationToken) is { } refused)
        {
            telemetry.Outcome(table[TotpDeleteOutcomeKind.RateLimited]);
            return Problems.RateLimited(http, table[TotpDeleteOutcomeKind.RateLimited], refused.Limit, refused.RetryAfter);
        }

        telemetry.Outcome(table[TotpDeleteOutcomeKind.Deleted]);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Confirm, verify and recover alike: parse (a bad request is refused before anything is read or counted), check, and
    /// answer from the outcome's row, recording it on the span and the counter.
    /// </summary>
    private static async Task<Results<Ok<TBody>, ValidationProblem, ProblemHttpResult>> CheckAsync<TRequest, TCommand, TKind, TBody>(
        string operation, OutcomeTable<TKind> table, TKind validationFailed, TKind storeUnavailable, ClaimsPrincipal user, HttpContext http,
        TRequest request, Parser<TRequest, TCommand> parse, Func<TCommand, Task<TotpOutcome<TKind, TBody>>> check)
        where TCommand : class
        where TKind : struct, Enum
        where TBody : class
    {
        var caller = user.Caller();
        using var telemetry = new TotpInstrumentation(operation, caller.Client, table[storeUnavailable]);
        if (!parse(caller, request, out var command, out var errors))
        {
            telemetry.Outcome(table[validationFailed]);
            return Problems.Validation(errors);
        }

        var outcome = await check(command);
        var info = table[outcome.Kind];
        telemetry.Outcome(info);
        return outcome is TotpOutcome<TKind, TBody>.Success approved ? TypedResults.Ok(approved.Body) : Problems.Refusal(http, info, outcome);
    }
}
