using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp.TestNumbers;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The send flow, top to bottom: geo permissions, the Idempotency-Key claim, the abuse limits (resend cooldowns
/// included), the SIM-swap signal, the code drawn (<see cref="CodeIssuer.Draft"/>), stored, then texted. What it takes from
/// the store on the way is held by one <see cref="SendReservation"/>, which gives it all back unless a code went out.
/// </summary>
internal sealed class OtpSendService(
    IOtpStore store,
    CodeIssuer issuer,
    GeoPermissions geo,
    AbuseLimits limits,
    IRateLimiter limiter,
    SimSwapCheck simSwap,
    PseudonymKey pseudonymKey,
    IdempotencyProtector idempotency,
    TestNumberDirectory testNumbers,
    IOptions<OtpOptions> options,
    TimeProvider time,
    ILogger<OtpSendService> logger)
{
    /// <summary>How long an unfinished idempotent request holds its key before a retry may run again.</summary>
    private static readonly TimeSpan IdempotencyClaimTimeout = TimeSpan.FromSeconds(30);

    public async Task<SendOutcome> SendAsync(SendCommand command, CancellationToken cancellationToken)
    {
        // A tenant's test number: its configured code, nothing texted (read once, so one send cannot change its mind).
        var fixedCode = testNumbers.FixedCodeFor(command.Tenant, command.Phone);
        if (geo.Refusal(command.Phone) is { } rule)
        {
            var notAllowed = new SendOutcome.DestinationNotAllowed(rule);
            Audit(command, notAllowed, fixedCode is not null);
            return notAllowed;
        }

        await using var reservation = new SendReservation(store, limiter, options.Value.IdempotencyRetention);
        try
        {
            var outcome = await SendReservedAsync(command, fixedCode, reservation, cancellationToken);
            Audit(command, outcome, fixedCode is not null);
            if (outcome is SendOutcome.Sent sent)
            {
                await reservation.KeepAsync(sent.Response);
            }

            return outcome;
        }
        catch (StoreUnavailableException)
        {
            reservation.StoreFailed();
            throw;
        }
    }

    private async Task<SendOutcome> SendReservedAsync(SendCommand command, string? fixedCode, SendReservation reservation, CancellationToken cancellationToken)
    {
        if (command.IdempotencyKey is { } idempotencyKey)
        {
            var key = idempotency.ForSend(command.Client, idempotencyKey, command.Body);
            switch (await store.ClaimIdempotencyKeyAsync(key.Request, IdempotencyClaimTimeout, cancellationToken))
            {
                case IdempotencyClaim.Replay replay when key.Open(replay.SealedResponse) is { } first:
                    Log.SendReplayed(logger, command.Client);
                    return new SendOutcome.Sent(first, Replayed: true);
                case IdempotencyClaim.Replay or IdempotencyClaim.BodyMismatch:
                    return new SendOutcome.IdempotencyKeyReused();
                case IdempotencyClaim.InProgress:
                    return new SendOutcome.IdempotencyInProgress();
            }

            reservation.HoldClaim(key);
        }

        var test = fixedCode is not null;
        var limitsWithTheCode = limits.ForSend(command.LimitSubject with { TestNumber = test }, options.Value.ResendCooldown);
        if (simSwap.AsksProvider && !test)
        {
            // A provider is paid per lookup: the limits are taken before it is asked, so they also bound the lookups.
            if (await reservation.TakeLimitsAsync(limitsWithTheCode, time.GetUtcNow(), cancellationToken) is LimitDecision.Refused early)
            {
                return LimitRefusal(logger, command, early);
            }

            limitsWithTheCode = [];
        }

        // A test number's SIM is nobody's to swap: no paid lookup.
        var verdict = test ? SimSwapVerdict.NotChecked : await AssessRiskAsync(command, cancellationToken);
        switch (verdict.Action)
        {
            case SimSwapAction.Block:
                return new SendOutcome.SimSwapDetected();
            case SimSwapAction.Unavailable:
                return new SendOutcome.RiskCheckUnavailable();
        }

        // Without a SIM-swap lookup nothing stands between the limits and the code: they go into the store's call that
        // keeps the code (one round trip).
        var now = time.GetUtcNow();
        var draft = issuer.Draft(command, new RiskAssessment(verdict.SimSwap, verdict.Decision), now, fixedCode);
        if (await reservation.StartAsync(draft.Verification, limitsWithTheCode, now, cancellationToken) is LimitDecision.Refused refused)
        {
            return LimitRefusal(logger, command, refused);
        }

        return test ? issuer.KeepTestCode(command, draft) : await issuer.DeliverAsync(command, draft, reservation.Cooldowns, cancellationToken);
    }

    /// <summary>What a send refused by one of its limits answers, wherever the limits ran: its resend cooldowns answer
    /// <c>resend_too_soon</c>, every other limit <c>rate_limited</c>. <c>/resend</c> answers alike.</summary>
    internal static SendOutcome LimitRefusal(ILogger logger, SendCommand command, LimitDecision.Refused refused)
    {
        var cooldown = AbuseLimits.IsResendCooldown(refused.Limit);
        Log.RateLimited(logger, command.Client, command.Phone.Masked, refused.Limit, refused.RetryAfter.TotalSeconds);
        SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", cooldown ? AbuseLimits.ResendCooldown : refused.Limit));
        return cooldown
            ? new SendOutcome.ResendTooSoon(refused.RetryAfter)
            : new SendOutcome.RateLimited(refused.Limit, refused.RetryAfter);
    }

    /// <summary>One audit line per send decision: who asked, for whom (a keyed hash), where (masked), and what came of it;
    /// a send to a test number says <c>test</c>.</summary>
    private void Audit(SendCommand command, SendOutcome outcome, bool testNumber)
    {
        var info = OtpOutcomeTables.Send[outcome.Kind];
        if (info.Audit is not { } result)
        {
            return;
        }

        var userRef = Pseudonyms.UserRef(pseudonymKey, command.Tenant, command.UserId);
        var reason = outcome switch
        {
            SendOutcome.Sent sent => $"simSwap={sent.Response.Risk.SimSwap} decision={sent.Response.Risk.Decision}",
            SendOutcome.DestinationNotAllowed refused => $"{info.Label} {refused.Rule}",
            _ => info.Label,
        };
        Log.SendAudit(logger, command.Client, userRef, command.Phone.Masked, result, testNumber ? reason + " test" : reason);
    }

    /// <summary>The SIM-swap signal decides whether to send at all (Block), or to send and say so (Flag).</summary>
    private async Task<SimSwapVerdict> AssessRiskAsync(SendCommand command, CancellationToken cancellationToken)
    {
        SimSwapVerdict verdict;
        using (var span = SecureOtpTelemetry.Source.StartActivity("simswap.check"))
        {
            verdict = await simSwap.AssessAsync(command.Phone.E164, cancellationToken);
            span?.SetTag("secureotp.simswap.result", verdict.SimSwap);
            span?.SetTag("secureotp.simswap.action", verdict.Action.ToString());
        }

        SecureOtpTelemetry.SimSwapChecks.Add(1, SecureOtpTelemetry.Tag("result", verdict.SimSwap));
        Log.RiskDecision(logger, command.Client, command.Phone.Masked, verdict.SimSwap, verdict.Action.ToString());
        return verdict;
    }
}
