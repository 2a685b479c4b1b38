using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage;

namespace SecureOtp.Benchmarks;

/// <summary>
/// The Redis round trips of one request, through the service's own <see cref="RedisOtpStore"/> and
/// <see cref="RedisRateLimiter"/>, against a redis-server each benchmark starts on loopback. PING through the same store
/// (same connection, timeout and span) is the baseline: a round trip with no work in Redis, so each ratio is what the
/// script and its arguments add. Every call checks its outcome and throws rather than quietly timing another branch.
/// </summary>
[MemoryDiagnoser]
public class RedisRoundTripBenchmarks
{
    /// <summary>Distinct users per pool: small enough for a short setup, large enough that a pass takes a second or more.</summary>
    private const int PoolSize = 8192;

    /// <summary>
    /// Wrong codes each pool record takes: the NIST cap on failed verifies per user (the production maximum), so the
    /// user's failed-verify log reaches at most its production size. 8192 × 100 attempts outlast even a --job default run.
    /// </summary>
    private const int AttemptsPerVerification = 100;

    /// <summary>
    /// Expiry and resend-after of pool records. Production uses 5 min and 30 s; an hour outlasts any run, so no record or
    /// cooldown lapses mid-run and switches the scripts to another branch. The length itself is nothing to Redis.
    /// </summary>
    private static readonly TimeSpan Validity = TimeSpan.FromHours(1);

    private readonly TimeProvider time = TimeProvider.System;
    private RedisFixture? redis;
    private RedisOtpStore store = null!;
    private FreshKeysRotation<NewVerification, RedisOtpStore> starts = null!;
    private FreshKeysRotation<IReadOnlyList<LimitCheck>, RedisRateLimiter> sendLimits = null!;
    private NewVerification[] live = [];
    private FailureCap failureCap = null!;
    private CodeCandidate[] wrongCode = [];
    private long attempts;

    // Setup and cleanup are synchronous on purpose: the in-process toolchain of BenchmarkDotNet 0.14 calls an async
    // [GlobalSetup] without awaiting it, and the first timed call would then race the setup.
    [GlobalSetup(Target = nameof(Ping))]
    public void SetupPing() => StartRedis();

    [GlobalSetup(Target = nameof(StoreVerification))]
    public void SetupStoreVerification()
    {
        StartRedis();
        starts = new(RedisBenchmarkInputs.Verifications(Fixtures.Ring(), PoolSize, maxAttempts: 5, time.GetUtcNow() + Validity), redis!.Store);
    }

    /// <summary>Starts the pool of live verifications the wrong codes go to, a batch at a time.</summary>
    [GlobalSetup(Target = nameof(WrongCodeAttempt))]
    public void SetupWrongCodeAttempt()
    {
        StartRedis();
        var ring = Fixtures.Ring();
        var now = time.GetUtcNow();
        live = RedisBenchmarkInputs.Verifications(ring, PoolSize, AttemptsPerVerification, now + Validity);
        foreach (var batch in live.Chunk(256))
        {
            var outcomes = Task.WhenAll(batch.Select(v => store.StartAsync(v, now, CancellationToken.None))).GetAwaiter().GetResult();
            if (outcomes.Any(o => o is not StartOutcome.Started))
            {
                throw new InvalidOperationException("A pool verification was not stored.");
            }
        }

        failureCap = RedisBenchmarkInputs.NonBindingLimits().VerifyFailureCap;

        // Any 16 bytes other than the stored MAC are a wrong code to the script; the HMAC itself is measured in KeyedHashBenchmarks.
        wrongCode = [new CodeCandidate(ring.Active.Id, RandomNumberGenerator.GetBytes(CodeHasher.MacLength), null)];
    }

    [GlobalSetup(Target = nameof(SendLimitChecks))]
    public void SetupSendLimitChecks()
    {
        StartRedis();
        var limits = RedisBenchmarkInputs.NonBindingLimits();
        sendLimits = new(RedisBenchmarkInputs.SendLimitChecks(limits, PoolSize), redis!.Limiter);
    }

    /// <summary>Closes the connection, then kills this benchmark's redis-server by its pid (bounded wait).</summary>
    [GlobalCleanup]
    public void StopRedis()
    {
        if (redis is not null)
        {
            redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
            redis = null;
        }
    }

    [Benchmark(Baseline = true, Description = "PING (RedisOtpStore.PingAsync)")]
    public async Task Ping()
    {
        if (!await store.PingAsync(CancellationToken.None))
        {
            throw new InvalidOperationException("Redis did not answer PING.");
        }
    }

    /// <summary>The send side's store write: start.lua for a user with no record and no cooldown (record + cooldown set).</summary>
    [Benchmark(Description = "send: start.lua (store a verification)")]
    public async Task StoreVerification()
    {
        var (verification, storeOfThisPass) = starts.Next();
        if (await storeOfThisPass.StartAsync(verification, time.GetUtcNow(), CancellationToken.None) is not StartOutcome.Started)
        {
            throw new InvalidOperationException("start.lua refused a fresh user; this would time the cooldown branch.");
        }
    }

    /// <summary>What verify does in Redis for a wrong code: attempt.lua alone (counted, not locked).</summary>
    [Benchmark(Description = "verify, wrong code: attempt.lua")]
    public async Task WrongCodeAttempt()
    {
        var id = live[attempts++ % live.Length].Id;
        var outcome = await store.AttemptAsync(id, RedisBenchmarkInputs.TenantTag, wrongCode, failureCap, time.GetUtcNow(), CancellationToken.None);
        if (outcome is not AttemptOutcome.Incorrect)
        {
            throw new InvalidOperationException(outcome is AttemptOutcome.Locked
                ? $"The pool ran out: {PoolSize} verifications × {AttemptsPerVerification} attempts. Raise {nameof(PoolSize)}."
                : $"attempt.lua answered {outcome} to a wrong code, not incorrect.");
        }
    }

    /// <summary>Every send-side limit of one request (one ratelimits.lua call on this standalone server), for a new user and number.</summary>
    [Benchmark(Description = "send limits: all six in one ratelimits.lua call")]
    public async Task SendLimitChecks()
    {
        var (checks, limiter) = sendLimits.Next();
        if (await limiter.AcquireAsync(checks, time.GetUtcNow(), CancellationToken.None) is not LimitDecision.Admitted)
        {
            throw new InvalidOperationException("A non-binding limit refused; this would time the refusal branch.");
        }
    }

    private void StartRedis()
    {
        redis = RedisFixture.StartAsync().GetAwaiter().GetResult();
        store = redis.Store("b0");
    }
}
