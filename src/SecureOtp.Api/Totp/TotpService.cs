using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;
using ConfirmOutcome = SecureOtp.Api.Totp.TotpOutcome<SecureOtp.Api.Totp.TotpConfirmOutcomeKind, SecureOtp.Api.Totp.TotpConfirmResponse>;
using EnrollOutcome = SecureOtp.Api.Totp.TotpOutcome<SecureOtp.Api.Totp.TotpEnrollOutcomeKind, SecureOtp.Api.Totp.TotpEnrollResponse>;
using RecoverOutcome = SecureOtp.Api.Totp.TotpOutcome<SecureOtp.Api.Totp.TotpRecoverOutcomeKind, SecureOtp.Api.Totp.TotpRecoverResponse>;
using VerifyOutcome = SecureOtp.Api.Totp.TotpOutcome<SecureOtp.Api.Totp.TotpVerifyOutcomeKind, SecureOtp.Api.Totp.TotpVerifyResponse>;

namespace SecureOtp.Api.Totp;

/// <summary>
/// The authenticator-app factor. The shared secret exists in plaintext only in this process, only while a request needs
/// it: enrol seals it for the store and hands it to the caller once; confirm and verify open it, find which time steps
/// within the allowed skew the code matches, and let the store decide atomically whether one of them is still unused.
/// Every outcome writes one audit line naming the user only by their pseudonym. Every request that writes spends its
/// client's budget first (<see cref="WriteLimits"/>): a refused one reads and stores nothing more.
/// </summary>
internal sealed class TotpService(
    ITotpStore store,
    TotpSecretKeyRing secretKeys,
    PseudonymKey pseudonymKey,
    AbuseLimits limits,
    WriteLimits writeLimits,
    IRateLimiter limiter,
    IOptions<TotpOptions> options,
    IOptions<WriteLimitOptions> writeLimitOptions,
    TimeProvider time,
    ILogger<TotpService> logger)
{
    /// <summary>How often an attempt is retried when a concurrent re-enrolment replaced the secret it was checked against.</summary>
    private const int StaleRetries = 2;

    public async Task<EnrollOutcome> EnrollAsync(TotpEnrollCommand command, CancellationToken cancellationToken)
    {
        var user = User(command.Caller, command.UserId);
        if (await RefusedAsync(WriteOperation.TotpEnroll, command.Caller, cancellationToken) is { } refused)
        {
            return Audited(command.Caller, user, "enroll", TotpOutcomeTables.Enroll,
                new EnrollOutcome.RateLimited(TotpEnrollOutcomeKind.RateLimited, refused.Limit, refused.RetryAfter));
        }

        var secret = TotpCodes.NewSecret();
        try
        {
            var enrollment = new NewTotpEnrollment(Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)), secretKeys.ActiveKeyId,
                secretKeys.Seal(user, secret), time.GetUtcNow(), options.Value.PendingTtl, writeLimitOptions.Value.MaxTotpEnrolmentsPerTenant);
            var stored = await store.EnrollAsync(user, enrollment, cancellationToken);
            if (stored != TotpEnrollResult.Stored)
            {
                var kind = stored == TotpEnrollResult.TenantFull ? TotpEnrollOutcomeKind.EnrolmentLimitReached : TotpEnrollOutcomeKind.AlreadyEnrolled;
                return Audited(command.Caller, user, "enroll", TotpOutcomeTables.Enroll, new EnrollOutcome.Refused(kind));
            }

            var base32 = TotpProvisioning.Base32(secret);
            var uri = TotpProvisioning.OtpauthUri(base32, command.Issuer, command.AccountName);
            var response = new TotpEnrollResponse(command.UserId, "pending", base32, uri, TotpProvisioning.QrCodeSvg(uri));
            return Audited(command.Caller, user, "enroll", TotpOutcomeTables.Enroll, new EnrollOutcome.Success(TotpEnrollOutcomeKind.Enrolled, response));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(TotpCodeCommand command, CancellationToken cancellationToken)
    {
        var user = User(command.Caller, command.UserId);
        var recoveryCodes = RecoveryCodes.New();
        var hashes = recoveryCodes.Select(code => RecoveryCodes.Hash(pseudonymKey, user, code.Replace("-", "", StringComparison.Ordinal))).ToList();
        var attempted = await CheckCodeAsync(command.Caller, user, command.Code, TotpAttemptKind.Confirm, hashes, cancellationToken);
        ConfirmOutcome outcome = attempted switch
        {
            TotpAttemptOutcome.Approved => new ConfirmOutcome.Success(TotpConfirmOutcomeKind.Activated, new TotpConfirmResponse("active", recoveryCodes)),
            TotpAttemptOutcome.Incorrect incorrect => new ConfirmOutcome.Incorrect(TotpConfirmOutcomeKind.IncorrectCode, incorrect.AttemptsRemaining),
            TotpAttemptOutcome.Locked locked => new ConfirmOutcome.Locked(TotpConfirmOutcomeKind.Locked, locked.RetryAfter),
            TotpAttemptOutcome.FailureCapReached capped => new ConfirmOutcome.RateLimited(TotpConfirmOutcomeKind.RateLimited, FailureCap.Name, capped.RetryAfter),
            TotpAttemptOutcome.AlreadyActive => new ConfirmOutcome.Refused(TotpConfirmOutcomeKind.AlreadyEnrolled),
            TotpAttemptOutcome.LimitRefused limited => new ConfirmOutcome.RateLimited(TotpConfirmOutcomeKind.RateLimited, limited.Limit, limited.RetryAfter),

            // A pending enrolment has no accepted step yet, so a right code cannot be a replay; a stale one was retried.
            _ => new ConfirmOutcome.Refused(TotpConfirmOutcomeKind.NotEnrolled),
        };
        return Audited(command.Caller, user, "confirm", TotpOutcomeTables.Confirm, outcome);
    }

    public async Task<VerifyOutcome> VerifyAsync(TotpCodeCommand command, CancellationToken cancellationToken)
    {
        var user = User(command.Caller, command.UserId);
        var attempted = await CheckCodeAsync(command.Caller, user, command.Code, TotpAttemptKind.Verify, [], cancellationToken);
        VerifyOutcome outcome = attempted switch
        {
            TotpAttemptOutcome.Approved => new VerifyOutcome.Success(TotpVerifyOutcomeKind.Approved, new TotpVerifyResponse("approved")),
            TotpAttemptOutcome.Incorrect incorrect => new VerifyOutcome.Incorrect(TotpVerifyOutcomeKind.IncorrectCode, incorrect.AttemptsRemaining),
            TotpAttemptOutcome.AlreadyUsed => new VerifyOutcome.Refused(TotpVerifyOutcomeKind.CodeAlreadyUsed),
            TotpAttemptOutcome.Locked locked => new VerifyOutcome.Locked(TotpVerifyOutcomeKind.Locked, locked.RetryAfter),
            TotpAttemptOutcome.FailureCapReached capped => new VerifyOutcome.RateLimited(TotpVerifyOutcomeKind.RateLimited, FailureCap.Name, capped.RetryAfter),
            TotpAttemptOutcome.LimitRefused limited => new VerifyOutcome.RateLimited(TotpVerifyOutcomeKind.RateLimited, limited.Limit, limited.RetryAfter),
            _ => new VerifyOutcome.Refused(TotpVerifyOutcomeKind.NotEnrolled),
        };
        return Audited(command.Caller, user, "verify", TotpOutcomeTables.Verify, outcome);
    }

    /// <summary>One round trip: the store spends the code if it is one of the user's, under the same lock and cap as verify.</summary>
    public async Task<RecoverOutcome> RecoverAsync(TotpRecoverCommand command, CancellationToken cancellationToken)
    {
        var user = User(command.Caller, command.UserId);
        var attempt = Attempt(TotpAttemptKind.Recover, null, [], []) with
        {
            RecoveryCodeHash = RecoveryCodes.Hash(pseudonymKey, user, command.RecoveryCode),
        };
        var attempted = await RefusedAsync(WriteOperation.TotpRecover, command.Caller, cancellationToken) is { } refused
            ? new TotpAttemptOutcome.LimitRefused(refused.Limit, refused.RetryAfter)
            : await store.AttemptAsync(user, attempt, cancellationToken);
        RecoverOutcome outcome = attempted switch
        {
            TotpAttemptOutcome.Approved approved => new RecoverOutcome.Success(TotpRecoverOutcomeKind.Approved, new TotpRecoverResponse("approved", approved.RecoveryCodesRemaining)),
            TotpAttemptOutcome.Incorrect incorrect => new RecoverOutcome.Incorrect(TotpRecoverOutcomeKind.IncorrectCode, incorrect.AttemptsRemaining),
            TotpAttemptOutcome.Locked locked => new RecoverOutcome.Locked(TotpRecoverOutcomeKind.Locked, locked.RetryAfter),
            TotpAttemptOutcome.FailureCapReached capped => new RecoverOutcome.RateLimited(TotpRecoverOutcomeKind.RateLimited, FailureCap.Name, capped.RetryAfter),
            TotpAttemptOutcome.LimitRefused limited => new RecoverOutcome.RateLimited(TotpRecoverOutcomeKind.RateLimited, limited.Limit, limited.RetryAfter),
            _ => new RecoverOutcome.Refused(TotpRecoverOutcomeKind.NotEnrolled),
        };
        return Audited(command.Caller, user, "recover", TotpOutcomeTables.Recover, outcome);
    }

    /// <summary>Null when the user (of this tenant) has no enrolment.</summary>
    public async Task<TotpStatusResponse?> GetStatusAsync(ApiCaller caller, string userId, CancellationToken cancellationToken) =>
        await store.GetAsync(User(caller, userId), cancellationToken) is { } record
            ? new TotpStatusResponse(record.Active ? "active" : "pending", record.CreatedAt, record.LastUsedAt)
            : null;

    /// <summary>Null when deleted (or there was nothing to delete); the refusal when the client's delete budget is spent.</summary>
    public async Task<LimitDecision.Refused?> DeleteAsync(ApiCaller caller, string userId, CancellationToken cancellationToken)
    {
        var user = User(caller, userId);
        if (await RefusedAsync(WriteOperation.TotpDelete, caller, cancellationToken) is { } refused)
        {
            Count(refused.Limit);
            Audit(caller, user, "delete", TotpOutcomeTables.Delete[TotpDeleteOutcomeKind.RateLimited]);
            return refused;
        }

        await store.DeleteAsync(user, cancellationToken);
        Audit(caller, user, "delete", TotpOutcomeTables.Delete[TotpDeleteOutcomeKind.Deleted]);
        return null;
    }

    /// <summary>Spends one unit of the client's budget for <paramref name="operation"/>; the refusal when it is spent.</summary>
    private async Task<LimitDecision.Refused?> RefusedAsync(WriteOperation operation, ApiCaller caller, CancellationToken cancellationToken) =>
        await limiter.AcquireAsync(writeLimits.For(operation, caller.Client), time.GetUtcNow(), cancellationToken) as LimitDecision.Refused;

    /// <summary>
    /// Opens the user's secret, finds the time steps the code matches, and hands them to the store's atomic check. If a
    /// re-enrolment replaced the secret in between, the check is refused as stale and runs again against the new one.
    /// </summary>
    private async Task<TotpAttemptOutcome> CheckCodeAsync(
        ApiCaller caller, TotpUser user, string code, TotpAttemptKind kind, IReadOnlyList<byte[]> newRecoveryHashes, CancellationToken cancellationToken)
    {
        // The budget is spent while the record is read, so it adds no round trip; a refusal still writes nothing else.
        var admission = RefusedAsync(kind == TotpAttemptKind.Confirm ? WriteOperation.TotpConfirm : WriteOperation.TotpVerify, caller, cancellationToken);
        var firstRead = store.GetAsync(user, cancellationToken);
        await Task.WhenAll(admission, firstRead);
        if (await admission is { } refused)
        {
            return new TotpAttemptOutcome.LimitRefused(refused.Limit, refused.RetryAfter);
        }

        for (var round = 0; ; round++)
        {
            var record = round == 0 ? await firstRead : await store.GetAsync(user, cancellationToken);
            if (record is null || (kind == TotpAttemptKind.Verify && !record.Active))
            {
                return new TotpAttemptOutcome.NotEnrolled();
            }

            if (kind == TotpAttemptKind.Confirm && record.Active)
            {
                return new TotpAttemptOutcome.AlreadyActive();
            }

            if (!secretKeys.TryOpen(user, record.KeyId, record.SealedSecret, out var secret))
            {
                Log.TotpSecretUnreadable(logger, record.KeyId, secretKeys.Knows(record.KeyId) ? "does not open it" : "is not configured", user.Tag);
                return new TotpAttemptOutcome.NotEnrolled();
            }

            long[] steps;
            try
            {
                steps = TotpCodes.MatchingSteps(secret, code, time.GetUtcNow(), options.Value.AllowedSkewSteps);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            var outcome = await store.AttemptAsync(user, Attempt(kind, record.EnrollmentId, steps, newRecoveryHashes), cancellationToken);
            if (outcome is not TotpAttemptOutcome.Stale || round == StaleRetries)
            {
                return outcome;
            }
        }
    }

    private TotpAttempt Attempt(TotpAttemptKind kind, string? enrollmentId, long[] steps, IReadOnlyList<byte[]> newRecoveryHashes)
    {
        var o = options.Value;
        return new TotpAttempt(kind, enrollmentId, steps, null, newRecoveryHashes, o.MaxAttempts, o.LockDuration, limits.VerifyFailureCap, time.GetUtcNow());
    }

    private TotpUser User(ApiCaller caller, string userId) => TotpUser.Of(pseudonymKey, caller.Tenant, userId);

    private TotpOutcome<TKind, TBody> Audited<TKind, TBody>(
        ApiCaller caller, TotpUser user, string operation, Errors.OutcomeTable<TKind> table, TotpOutcome<TKind, TBody> outcome)
        where TKind : struct, Enum
        where TBody : class
    {
        if (outcome is Errors.IRateLimited limited)
        {
            Count(limited.Limit);
        }

        Audit(caller, user, operation, table[outcome.Kind]);
        return outcome;
    }

    private static void Count(string limit) => SecureOtpTelemetry.RateLimitRejections.Add(1, SecureOtpTelemetry.Tag("scope", limit));

    private void Audit(ApiCaller caller, TotpUser user, string operation, Errors.OutcomeInfo info) =>
        Log.TotpAudit(logger, caller.Client, user.Tag, operation, info.Audit ?? info.Label, info.Label);
}
