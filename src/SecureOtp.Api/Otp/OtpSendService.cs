using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The send flow, in order: geo permissions, the Idempotency-Key claim, the abuse limits, the SIM-swap signal, then the
/// code itself (<see cref="CodeIssuer"/>). What it acquires on the way is held by one <see cref="SendHold"/>, which gives
/// it all back unless a code went out.
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
    IOptions<OtpOptions> options,
    TimeProvider time,
    ILogger<OtpSendService> logger)
{
    /// <summary>How long an unfinished idempotent request holds its key before a retry may run again.</summary>
    private static readonly TimeSpan IdempotencyClaimTimeout = TimeSpan.FromSeconds(30);

    public async Task<SendOutcome> SendAsync(SendCommand command, CancellationToken cancellationToken)
    {
        if (geo.Refusal(command.Phone) is { } rule)
        {
            var notAllowed = new SendOutcome.DestinationNotAllowed(rule);
            Audit(command, notAllowed);
            return notAllowed;
        }

        await using var hold = new SendHold(store, limiter, options.Value.IdempotencyRetention);
        try
        {
            return await SendHeldAsync(command, hold, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            hold.StoreFailed();
            throw;
        }
    }

    private async Task<SendOutcome> SendHeldAsync(SendCommand command, SendHold hold, CancellationToken cancellationToken)
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

            hold.HoldClaim(key);
        }

        var checks = limits.ForSend(command.LimitSubject, options.Value.ResendCooldown);
        if (simSwap.AsksProvider)
        {
            // A provider is paid per lookup: the limits are taken before it is asked, so they also bound the lookups.
            var decision = await limiter.AcquireAsync(checks, time.GetUtcNow(), cancellationToken);
            if (decision is LimitDecision.Refused refused)
            {
                var limited = SendLimitRefusal.Outcome(logger, command, refused);
                SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", refused.Limit));
                Audit(command, limited);
                return limited;
            }

            hold.HoldLimits(((LimitDecision.Admitted)decision).Recorded);
            checks = [];
        }

        // Without a SIM-swap lookup nothing stands between the limits and the code: they go into the store's call that
        // keeps the code (one round trip), and the issuer hands what they recorded to the hold.
        var outcome = await CheckRiskThenIssueAsync(command, hold, checks, cancellationToken);
        if (outcome is SendOutcome.ResendTooSoon or SendOutcome.RateLimited)
        {
            var limit = outcome is SendOutcome.RateLimited rateLimited ? rateLimited.Limit : AbuseLimits.ResendCooldown;
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", limit));
        }

        Audit(command, outcome);
        if (outcome is SendOutcome.Sent sent)
        {
            await hold.KeepAsync(sent.Response);
        }

        return outcome;
    }

    /// <summary>One audit line per send decision: who asked, for whom (a keyed hash), where (masked), and what came of it.</summary>
    private void Audit(SendCommand command, SendOutcome outcome)
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
        Log.SendAudit(logger, command.Client, userRef, command.Phone.Masked, result, reason);
    }

    /// <summary>The SIM-swap signal decides whether to send at all (Block), or to send and say so (Flag).</summary>
    private async Task<SendOutcome> CheckRiskThenIssueAsync(
        SendCommand command, SendHold hold, IReadOnlyList<LimitCheck> limitsFirst, CancellationToken cancellationToken)
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
        return verdict.Action switch
        {
            SimSwapAction.Block => new SendOutcome.SimSwapDetected(),
            SimSwapAction.Unavailable => new SendOutcome.RiskCheckUnavailable(),
            _ => await issuer.IssueAsync(command, new RiskAssessment(verdict.SimSwap, verdict.Decision), hold, limitsFirst, cancellationToken),
        };
    }
}
