using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Json;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The send flow around <see cref="CodeIssuer"/>: geo permissions, Idempotency-Key replay, the abuse limits, then the
/// code itself. Whatever a refused or failed send recorded in the limits is given back. The request is already validated.
/// </summary>
internal sealed class OtpSendService(
    IOtpStore store,
    CodeIssuer issuer,
    GeoPermissions geo,
    AbuseLimits limits,
    IRateLimiter limiter,
    SimSwapCheck simSwap,
    HashKeyRing keys,
    IOptions<OtpOptions> options,
    TimeProvider time,
    ILogger<OtpSendService> logger)
{
    /// <summary>How long an unfinished idempotent request holds its key before a retry may run again.</summary>
    private static readonly TimeSpan IdempotencyClaimTimeout = TimeSpan.FromSeconds(30);

    public async Task<SendOutcome> SendAsync(string client, SendOtpRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var normalized = request with { Purpose = request.Purpose ?? RequestValidation.DefaultPurpose };
        if (!geo.IsAllowed(normalized.PhoneNumber!))
        {
            Log.SendRefused(logger, client, "-", "destination_not_allowed");
            return new SendOutcome.DestinationNotAllowed();
        }

        if (idempotencyKey is null)
        {
            return await GuardedIssueAsync(client, normalized, cancellationToken);
        }

        var scopedKey = ScopeIdempotencyKey(client, idempotencyKey);
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(
            JsonSerializer.SerializeToUtf8Bytes(normalized, SecureOtpJsonContext.Default.SendOtpRequest)));
        switch (await store.ClaimIdempotencyKeyAsync(scopedKey, requestHash, IdempotencyClaimTimeout, cancellationToken))
        {
            case IdempotencyClaim.Replay replay:
                Log.SendReplayed(logger, client);
                return new SendOutcome.Sent(JsonSerializer.Deserialize(replay.Response, SecureOtpJsonContext.Default.SendOtpResponse)!, Replayed: true);
            case IdempotencyClaim.BodyMismatch:
                return new SendOutcome.IdempotencyKeyReused();
            case IdempotencyClaim.InProgress:
                return new SendOutcome.IdempotencyInProgress();
        }

        SendOutcome outcome;
        try
        {
            outcome = await GuardedIssueAsync(client, normalized, cancellationToken);
        }
        catch
        {
            await ReleaseQuietly(scopedKey, requestHash);
            throw;
        }

        if (outcome is SendOutcome.Sent sent)
        {
            var json = JsonSerializer.Serialize(sent.Response, SecureOtpJsonContext.Default.SendOtpResponse);
            await store.CompleteIdempotencyKeyAsync(scopedKey, requestHash, json, options.Value.IdempotencyRetention, CancellationToken.None);
        }
        else
        {
            await ReleaseQuietly(scopedKey, requestHash);
        }

        return outcome;
    }

    /// <summary>The abuse limits, then the code. A send that ends up sending nothing gives its limit entries back.</summary>
    private async Task<SendOutcome> GuardedIssueAsync(string client, SendOtpRequest request, CancellationToken cancellationToken)
    {
        var decision = await limiter.AcquireAsync(limits.ForSend(client, request), time.GetUtcNow(), cancellationToken);
        if (decision is LimitDecision.Refused refused)
        {
            Log.RateLimited(logger, client, Redact.Phone(request.PhoneNumber), refused.Limit, refused.RetryAfter.TotalSeconds);
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", refused.Limit));
            return new SendOutcome.RateLimited(refused.Limit, refused.RetryAfter);
        }

        var recorded = ((LimitDecision.Admitted)decision).Recorded;
        SendOutcome outcome;
        try
        {
            outcome = await CheckRiskThenIssueAsync(client, request, cancellationToken);
        }
        catch
        {
            await limiter.ReleaseAsync(recorded, CancellationToken.None);
            throw;
        }

        if (outcome is not SendOutcome.Sent)
        {
            await limiter.ReleaseAsync(recorded, CancellationToken.None);
        }

        if (outcome is SendOutcome.ResendTooSoon)
        {
            SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", "resend_cooldown"));
        }

        Audit(client, request, outcome);
        return outcome;
    }

    /// <summary>One audit line per send decision: who asked, for whom (a keyed hash), where (masked), and what came of it.</summary>
    private void Audit(string client, SendOtpRequest request, SendOutcome outcome)
    {
        var userRef = System.Buffers.Text.Base64Url.EncodeToString(Pseudonyms.UserHash(keys.Active, request.UserId!).AsSpan(0, 8));
        var (result, reason) = outcome switch
        {
            SendOutcome.Sent sent => ("sent", $"simSwap={sent.Response.Risk.SimSwap} decision={sent.Response.Risk.Decision}"),
            SendOutcome.SimSwapDetected => ("refused", "sim_swap_detected"),
            SendOutcome.RiskCheckUnavailable => ("refused", "sim_swap_check_unavailable"),
            SendOutcome.ResendTooSoon => ("refused", "resend_too_soon"),
            SendOutcome.DestinationUnreachable => ("failed", "destination_unreachable"),
            SendOutcome.SmsUnavailable => ("failed", "sms_unavailable"),
            _ => ("refused", outcome.GetType().Name),
        };
        Log.SendAudit(logger, client, userRef, Redact.Phone(request.PhoneNumber), result, reason);
    }

    /// <summary>The SIM-swap signal decides whether to send at all (Block), or to send and say so (Flag).</summary>
    private async Task<SendOutcome> CheckRiskThenIssueAsync(string client, SendOtpRequest request, CancellationToken cancellationToken)
    {
        SimSwapVerdict verdict;
        using (var span = SecureOtpTelemetry.Source.StartActivity("simswap.check"))
        {
            verdict = await simSwap.AssessAsync(request.PhoneNumber!, cancellationToken);
            span?.SetTag("secureotp.simswap.result", verdict.SimSwap);
            span?.SetTag("secureotp.simswap.action", verdict.Action.ToString());
        }

        SecureOtpTelemetry.SimSwapChecks.Add(1, SecureOtpTelemetry.Tag("result", verdict.SimSwap));
        Log.RiskDecision(logger, client, Redact.Phone(request.PhoneNumber), verdict.SimSwap, verdict.Action.ToString());
        return verdict.Action switch
        {
            SimSwapAction.Block => new SendOutcome.SimSwapDetected(),
            SimSwapAction.Unavailable => new SendOutcome.RiskCheckUnavailable(),
            _ => await issuer.IssueAsync(client, request, new RiskAssessment(verdict.SimSwap, verdict.Decision), cancellationToken),
        };
    }

    private async Task ReleaseQuietly(string scopedKey, string requestHash)
    {
        try
        {
            await store.ReleaseIdempotencyKeyAsync(scopedKey, requestHash, CancellationToken.None);
        }
        catch (StoreUnavailableException)
        {
            // The claim lapses on its own after IdempotencyClaimTimeout.
        }
    }

    /// <summary>
    /// Idempotency keys are per client: two clients may pick the same key without colliding. A plain SHA-256 (the key is
    /// a caller's random token, not personal data) keeps it stable when the hash secret rotates, so a retry still replays.
    /// </summary>
    private static string ScopeIdempotencyKey(string client, string idempotencyKey) =>
        System.Buffers.Text.Base64Url.EncodeToString(
            SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("secureotp/idempotency/v1\0" + client + "\0" + idempotencyKey)).AsSpan(0, 16));
}
