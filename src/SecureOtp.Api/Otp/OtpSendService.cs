using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Json;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Issues a code: draw it, keep only its keyed hash, text it, and undo everything if the text cannot go out.
/// The request has been validated before it gets here.
/// </summary>
internal sealed class OtpSendService(
    IOtpStore store,
    ISmsSender sms,
    SmsTextComposer composer,
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
        if (idempotencyKey is null)
        {
            return await IssueAsync(client, normalized, cancellationToken);
        }

        var scopedKey = ScopeIdempotencyKey(client, idempotencyKey);
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(
            JsonSerializer.SerializeToUtf8Bytes(normalized, SecureOtpJsonContext.Default.SendOtpRequest)));
        switch (await store.ClaimIdempotencyKeyAsync(scopedKey, requestHash, IdempotencyClaimTimeout, cancellationToken))
        {
            case IdempotencyClaim.Replay replay:
                Log.SendReplayed(logger, client);
                return new SendOutcome.Sent(JsonSerializer.Deserialize(replay.Response, SecureOtpJsonContext.Default.SendOtpResponse)!);
            case IdempotencyClaim.BodyMismatch:
                return new SendOutcome.IdempotencyKeyReused();
            case IdempotencyClaim.InProgress:
                return new SendOutcome.IdempotencyInProgress();
        }

        SendOutcome outcome;
        try
        {
            outcome = await IssueAsync(client, normalized, cancellationToken);
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

    private async Task<SendOutcome> IssueAsync(string client, SendOtpRequest request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var key = keys.Active;
        var purpose = request.Purpose!;
        var userHash = Pseudonyms.UserHash(key, request.UserId!);
        var id = VerificationId.New(userHash, Pseudonyms.PurposeHash(key, purpose));
        var code = CodeGenerator.NewCode(o.CodeLength);
        var salt = CodeHasher.NewSalt();

        // Report whole seconds: expiry rounded down and resend-after rounded up, and store exactly what is reported,
        // so a client that trusts the answer is never surprised by a code dying early or a resend refused late.
        var now = time.GetUtcNow();
        var expiresAt = FloorToSecond(now + o.Ttl);
        var resendAfter = CeilingToSecond(now + o.ResendCooldown);
        var verification = new NewVerification(id, key.Id, salt, CodeHasher.Hash(key, salt, code, id, userHash, purpose), userHash,
            purpose, UserIdProtector.Protect(key, request.UserId!, id.Bytes), o.MaxAttempts, expiresAt, resendAfter);

        if (await store.StartAsync(verification, now, cancellationToken) is StartOutcome.ResendTooSoon tooSoon)
        {
            Log.SendRefused(logger, client, id.Slot.UserTag, "resend_too_soon");
            return new SendOutcome.ResendTooSoon(tooSoon.RetryAfter);
        }

        var text = composer.Compose(code, request.Locale, o.Ttl, request.AppHash);
        SmsSendResult delivery;
        try
        {
            delivery = await DeliverAsync(new SmsMessage(request.PhoneNumber!, text, id.LookupHash), cancellationToken);
        }
        catch
        {
            // The caller left mid-send: it will never learn the verification id, so the code is useless to it. Withdraw it.
            await store.AbortAsync(id, CancellationToken.None);
            throw;
        }

        if (delivery is not SmsSendResult.AcceptedResult)
        {
            // A code the user never received must not stay live, and a failed send must not cost the user a cooldown.
            await store.AbortAsync(id, CancellationToken.None);
            var (outcome, reason) = delivery switch
            {
                SmsSendResult.DestinationUnreachable refused => ((SendOutcome)new SendOutcome.DestinationUnreachable(), refused.Reason),
                SmsSendResult.Unavailable down => (new SendOutcome.SmsUnavailable(down.RetryAfter), down.Reason),
                _ => (new SendOutcome.SmsUnavailable(TimeSpan.FromSeconds(5)), "unknown"),
            };
            Log.SendFailed(logger, client, id.Slot.UserTag, Redact.Phone(request.PhoneNumber), reason);
            return outcome;
        }

        Log.CodeSent(logger, client, id.Slot.UserTag, Redact.Phone(request.PhoneNumber), purpose, key.Id);
        return new SendOutcome.Sent(new SendOtpResponse(id.Value, "pending", "sms", expiresAt, resendAfter, o.MaxAttempts, RiskAssessment.NotChecked));
    }

    /// <summary>Any failure of the sender, other than the caller going away, counts as "not delivered".</summary>
    private async Task<SmsSendResult> DeliverAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await sms.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), e.GetType().Name);
        }
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

    private static DateTimeOffset FloorToSecond(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    private static DateTimeOffset CeilingToSecond(DateTimeOffset t)
    {
        var floor = FloorToSecond(t);
        return floor == t ? t : floor.AddSeconds(1);
    }
}
