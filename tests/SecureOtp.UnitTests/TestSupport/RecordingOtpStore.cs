using System.Security.Cryptography;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Storage;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>One call to the store, with its arguments, for assertions about what the store was (not) given.</summary>
internal sealed record StoreCall(string Method, IReadOnlyList<object?> Arguments);

/// <summary>
/// A hand-rolled <see cref="IOtpStore"/>. NSubstitute cannot proxy it: SecureOtp.Api grants InternalsVisibleTo to the
/// test assemblies but not to DynamicProxyGenAssembly2. It records every call and keeps the last started verification,
/// so a real send followed by a real verify round-trips through it; answers a test needs to force are settable.
/// </summary>
internal sealed class RecordingOtpStore : IOtpStore
{
    public List<StoreCall> Calls { get; } = [];

    /// <summary>The verification the last <see cref="StartAsync"/> stored.</summary>
    public NewVerification? Started { get; private set; }

    /// <summary>Every candidate hash <see cref="AttemptAsync"/> compared (the one under the verification's key id).</summary>
    public List<byte[]> Candidates { get; } = [];

    /// <summary>Answered by <see cref="StartAsync"/> when set (a refusal), instead of taking the limits.</summary>
    public LimitDecision.Refused? StartRefusal { get; set; }

    /// <summary>Thrown by <see cref="StartAsync"/> when set (a store that times out).</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>Answered by <see cref="AttemptAsync"/> when set, instead of comparing.</summary>
    public AttemptOutcome? AttemptResult { get; set; }

    public IdempotencyClaim ClaimResult { get; set; } = new IdempotencyClaim.Claimed();

    /// <summary>Makes the stored verification report itself locked.</summary>
    public bool Locked { get; set; }

    public IEnumerable<string> Methods => Calls.Select(c => c.Method);

    public async Task<LimitDecision> StartAsync(NewVerification verification, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyList<LimitCheck>? limitsFirst = null)
    {
        if (StartRefusal is not null)
        {
            return StartRefusal;
        }

        var decision = Limiter is not null && limitsFirst is { Count: > 0 }
            ? await Limiter.AcquireAsync(limitsFirst, now, cancellationToken)
            : new LimitDecision.Admitted([]);
        if (decision is not LimitDecision.Admitted admitted)
        {
            return decision;
        }

        Record(nameof(StartAsync), verification, now);
        if (StartFailure is not null)
        {
            Limiter?.ReleaseLater(admitted.Recorded);
            throw StartFailure;
        }

        Started = verification;
        return decision;
    }

    /// <summary>The limiter that checks the limits of a start or an attempt first, as the real stores do (none: not checked).</summary>
    public IRateLimiter? Limiter { get; set; }

    public async Task<AttemptOutcome> AttemptAsync(
        VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, FailureCap failureCap, DateTimeOffset now,
        CancellationToken cancellationToken, AttemptReplay? replay = null, IReadOnlyList<LimitCheck>? limitsFirst = null)
    {
        if (Limiter is not null && limitsFirst is { Count: > 0 }
            && await Limiter.AcquireAsync(limitsFirst, now, cancellationToken) is LimitDecision.Refused refused)
        {
            return new AttemptOutcome.LimitRefused(refused.Limit, refused.RetryAfter);
        }

        return Attempt(id, tenantTag, candidates, now, replay);
    }

    private AttemptOutcome Attempt(VerificationId id, byte[] tenantTag, IReadOnlyList<CodeCandidate> candidates, DateTimeOffset now, AttemptReplay? replay)
    {
        Record(nameof(AttemptAsync), id, tenantTag, candidates, now, replay);
        if (AttemptResult is not null)
        {
            return AttemptResult;
        }

        var live = Live(id, tenantTag);
        var candidate = live is null ? null : candidates.FirstOrDefault(c => c.KeyId == live.KeyId);
        if (candidate is not null)
        {
            Candidates.Add(candidate.CodeHash);
        }

        AttemptOutcome outcome = live switch
        {
            null => new AttemptOutcome.NotFound(),
            _ when Locked => new AttemptOutcome.Locked(),
            var v when candidate is null => new AttemptOutcome.UnknownKey(v.KeyId),
            var v when CryptographicOperations.FixedTimeEquals(v.CodeHash, candidate.CodeHash)
                && (candidate.UserBinding is null || CryptographicOperations.FixedTimeEquals(v.UserHash, candidate.UserBinding)) =>
                new AttemptOutcome.Approved(v.KeyId, v.Purpose, v.SealedUserId),
            var v => new AttemptOutcome.Incorrect(v.MaxAttempts - Candidates.Count),
        };
        return outcome;
    }

    public Task<byte[]?> LocateAsync(VerificationSlot slot, byte[] tenantTag, DateTimeOffset now, AttemptReplay? pin, CancellationToken cancellationToken)
    {
        Record(nameof(LocateAsync), slot, tenantTag, now, pin);
        return Task.FromResult(Started is { } v && v.Id.Slot == slot && v.TenantTag.AsSpan().SequenceEqual(tenantTag) ? v.SealedId : null);
    }

    public Task<VerificationState?> GetStateAsync(VerificationId id, byte[] tenantTag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Record(nameof(GetStateAsync), id, tenantTag, now);
        return Task.FromResult(Live(id, tenantTag) is { } v ? new VerificationState(v.Purpose, v.MaxAttempts, Locked, v.ExpiresAt) : null);
    }

    public Task<bool> CancelAsync(VerificationId id, byte[] tenantTag, CancellationToken cancellationToken)
    {
        Record(nameof(CancelAsync), id, tenantTag);
        return Task.FromResult(Live(id, tenantTag) is not null);
    }

    public Task AbortAsync(VerificationId id, CancellationToken cancellationToken) => Done(nameof(AbortAsync), id);

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(IdempotentRequest request, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        Record(nameof(ClaimIdempotencyKeyAsync), request, claimTimeout);
        return Task.FromResult(ClaimResult);
    }

    public Task CompleteIdempotencyKeyAsync(IdempotentRequest request, byte[] sealedResponse, TimeSpan retention, CancellationToken cancellationToken) =>
        Done(nameof(CompleteIdempotencyKeyAsync), request, sealedResponse, retention);

    public Task ReleaseIdempotencyKeyAsync(IdempotentRequest request, CancellationToken cancellationToken) =>
        Done(nameof(ReleaseIdempotencyKeyAsync), request);

    public void ReleaseIdempotencyKeyLater(IdempotentRequest request) => Record(nameof(ReleaseIdempotencyKeyLater), request);

    public Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        Record(nameof(PingAsync));
        return Task.FromResult(true);
    }

    public StoreCall Single(string method) => Calls.Single(c => c.Method == method);

    /// <summary>The started verification, when the handle names it and the caller is its tenant.</summary>
    private NewVerification? Live(VerificationId id, byte[] tenantTag) =>
        Started?.Id.LookupHash == id.LookupHash && Started.TenantTag.AsSpan().SequenceEqual(tenantTag) ? Started : null;

    private Task Done(string method, params object?[] arguments)
    {
        Record(method, arguments);
        return Task.CompletedTask;
    }

    private void Record(string method, params object?[] arguments) => Calls.Add(new StoreCall(method, arguments));
}
