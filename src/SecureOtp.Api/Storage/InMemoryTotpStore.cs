using System.Security.Cryptography;
using SecureOtp.Api.Totp;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The Development store of authenticator enrolments: the semantics of the totp_*.lua scripts, held in this process behind
/// one lock (the failures it shares with the SMS store are counted under the failed-verify log's own). Refused outside
/// Development, like <see cref="InMemoryOtpStore"/>: it does not survive a restart and is not shared between replicas.
/// </summary>
internal sealed class InMemoryTotpStore(TimeProvider time, InMemoryFailedVerifies failedVerifies) : ITotpStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Enrollment> enrollments = new(StringComparer.Ordinal);

    public Task<TotpEnrollResult> EnrollAsync(TotpUser user, NewTotpEnrollment enrollment, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var current = Live(user.Tag, now);
            if (current is { Active: true })
            {
                return Task.FromResult(TotpEnrollResult.AlreadyActive);
            }

            // As totp_reserve.lua: a user already counted keeps their place; a new one needs a free one.
            if (current is null && enrollment.MaxPerTenant > 0 && TenantCount(user.Tenant, now) >= enrollment.MaxPerTenant)
            {
                return Task.FromResult(TotpEnrollResult.TenantFull);
            }

            enrollments[user.Tag] = new Enrollment(user.Binding, user.Tenant, enrollment);
            return Task.FromResult(TotpEnrollResult.Stored);
        }
    }

    private int TenantCount(string tenant, DateTimeOffset now) =>
        enrollments.Values.Count(e => e.Tenant == tenant && (e.Active || e.Data.CreatedAt + e.Data.PendingTtl > now));

    public Task<TotpRecord?> GetAsync(TotpUser user, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var e = Mine(user, time.GetUtcNow());
            return Task.FromResult(e is null ? null
                : new TotpRecord(e.Active, e.Data.EnrollmentId, e.Data.KeyId, e.Data.SealedSecret, e.Data.CreatedAt, e.LastUsedAt));
        }
    }

    public Task<TotpAttemptOutcome> AttemptAsync(TotpUser user, TotpAttempt attempt, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Attempt(user, attempt));
        }
    }

    public Task DeleteAsync(TotpUser user, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (Mine(user, time.GetUtcNow()) is not null)
            {
                enrollments.Remove(user.Tag);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>As totp_attempt.lua, step for step.</summary>
    private TotpAttemptOutcome Attempt(TotpUser user, TotpAttempt attempt)
    {
        var now = attempt.Now;
        var e = Mine(user, now);
        if (e is null || (attempt.Kind != TotpAttemptKind.Confirm && !e.Active))
        {
            return new TotpAttemptOutcome.NotEnrolled();
        }

        if (attempt.Kind == TotpAttemptKind.Confirm && e.Active)
        {
            return new TotpAttemptOutcome.AlreadyActive();
        }

        if (attempt.Kind != TotpAttemptKind.Recover && attempt.EnrollmentId != e.Data.EnrollmentId)
        {
            return new TotpAttemptOutcome.Stale();
        }

        if (e.LockedUntil is { } until)
        {
            if (until > now)
            {
                return new TotpAttemptOutcome.Locked(until - now);
            }

            e.LockedUntil = null;
            e.Failures = 0;
        }

        return failedVerifies.Attempt<TotpAttemptOutcome>(user.Tag, attempt.FailureCap, now,
            capped: retryAfter => new TotpAttemptOutcome.FailureCapReached(retryAfter),
            attempt: () => Check(user, e, attempt));
    }

    /// <summary>The code or recovery code itself, once the user is under the failed-verify cap.</summary>
    private TotpAttemptOutcome Check(TotpUser user, Enrollment e, TotpAttempt attempt)
    {
        var now = attempt.Now;
        if (attempt.Kind == TotpAttemptKind.Recover)
        {
            var spent = e.RecoveryCodes.RemoveAll(hash => CryptographicOperations.FixedTimeEquals(hash, attempt.RecoveryCodeHash)) > 0;
            return spent ? Approve(e, now, e.RecoveryCodes.Count) : Fail(user, e, attempt);
        }

        var step = attempt.MatchedSteps.Where(s => s > e.LastStep).Cast<long?>().FirstOrDefault();
        if (step is null)
        {
            return attempt.MatchedSteps.Length > 0 ? new TotpAttemptOutcome.AlreadyUsed() : Fail(user, e, attempt);
        }

        e.LastStep = step.Value;
        if (attempt.Kind == TotpAttemptKind.Verify)
        {
            return Approve(e, now, 0);
        }

        e.Active = true;
        e.Failures = 0;
        e.RecoveryCodes = [.. attempt.NewRecoveryCodeHashes];
        return new TotpAttemptOutcome.Approved(e.RecoveryCodes.Count);
    }

    private static TotpAttemptOutcome.Approved Approve(Enrollment e, DateTimeOffset now, int count)
    {
        e.Failures = 0;
        e.LastUsedAt = now;
        return new TotpAttemptOutcome.Approved(count);
    }

    private TotpAttemptOutcome.Incorrect Fail(TotpUser user, Enrollment e, TotpAttempt attempt)
    {
        failedVerifies.Add(user.Tag, attempt.Now);
        e.Failures++;
        if (e.Failures >= attempt.MaxAttempts)
        {
            e.LockedUntil = attempt.Now + attempt.LockDuration;
        }

        return new TotpAttemptOutcome.Incorrect(Math.Max(0, attempt.MaxAttempts - e.Failures));
    }

    /// <summary>The enrolment under this tag if it is this user's (not a tag collision's).</summary>
    private Enrollment? Mine(TotpUser user, DateTimeOffset now) =>
        Live(user.Tag, now) is { } e && CryptographicOperations.FixedTimeEquals(e.UserBinding, user.Binding) ? e : null;

    /// <summary>The enrolment under this tag; a pending one past its time is dropped, as its Redis TTL would.</summary>
    private Enrollment? Live(string tag, DateTimeOffset now)
    {
        if (!enrollments.TryGetValue(tag, out var e))
        {
            return null;
        }

        if (!e.Active && e.Data.CreatedAt + e.Data.PendingTtl <= now)
        {
            enrollments.Remove(tag);
            return null;
        }

        return e;
    }

    private sealed class Enrollment(byte[] userBinding, string tenant, NewTotpEnrollment data)
    {
        public byte[] UserBinding { get; } = userBinding;

        public string Tenant { get; } = tenant;

        public NewTotpEnrollment Data { get; } = data;

        public bool Active { get; set; }

        public long LastStep { get; set; } = -1;

        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }

        public DateTimeOffset? LastUsedAt { get; set; }

        public List<byte[]> RecoveryCodes { get; set; } = [];
    }
}
