using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Totp;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>The TOTP service wired as in Development: the in-process store, a fake clock, fresh keys.</summary>
internal sealed class TotpHarness
{
    public static readonly ApiCaller Caller = new("test-client", "test-tenant");
    public const string UserId = "customer-00042";

    public TotpHarness(TotpOptions? options = null)
    {
        Options = options ?? new TotpOptions
        {
            SecretKeys = new(StringComparer.Ordinal) { ["t1"] = TestKeys.NewSecret() },
            ActiveSecretKeyId = "t1",
        };
        FailedVerifies = new InMemoryFailedVerifies();
        Store = new InMemoryTotpStore(Clock, FailedVerifies);
        Service = new TotpService(Store, TotpSecretKeyRing.From(Options), PseudonymKey,
            TestLimits.For(LimitOptions, PseudonymKey),
            new WriteLimits(Microsoft.Extensions.Options.Options.Create(WriteLimitOptions), PseudonymKey), Limiter,
            Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(WriteLimitOptions),
            Clock, NullLogger<TotpService>.Instance);
    }

    public TotpOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new(TestTime.Start);

    public PseudonymKey PseudonymKey { get; } = TestKeys.NewPseudonymKey();

    public LimitOptions LimitOptions { get; } = new();

    /// <summary>The per-client write budgets and the tenant's enrolment cap; a test may lower them before it starts.</summary>
    public WriteLimitOptions WriteLimitOptions { get; } = new();

    public InMemoryRateLimiter Limiter { get; } = new();

    public InMemoryFailedVerifies FailedVerifies { get; }

    public InMemoryTotpStore Store { get; }

    public TotpService Service { get; }

    public TotpUser User(string userId = UserId, ApiCaller? caller = null) => TotpUser.Of(PseudonymKey, (caller ?? Caller).Tenant, userId);

    /// <summary>Enrols and returns the secret as the caller got it (Base32 decoded).</summary>
    public async Task<byte[]> EnrollAsync(string userId = UserId, ApiCaller? caller = null)
    {
        var outcome = await Service.EnrollAsync(new TotpEnrollCommand(caller ?? Caller, userId, userId, "Acme"), CancellationToken.None);
        Assert.That(outcome.Kind, Is.EqualTo(TotpEnrollOutcomeKind.Enrolled));
        return Base32Encoding.ToBytes(outcome.Body().Secret);
    }

    /// <summary>Enrols and confirms with the current code; returns the secret and the recovery codes.</summary>
    public async Task<(byte[] Secret, string[] RecoveryCodes)> ActivateAsync(string userId = UserId)
    {
        var secret = await EnrollAsync(userId);
        var confirmed = await ConfirmAsync(Code(secret), userId);
        Assert.That(confirmed.Kind, Is.EqualTo(TotpConfirmOutcomeKind.Activated));

        // The confirming code's step is spent; move to the next step so a test's first verify has a fresh code.
        Clock.Advance(TimeSpan.FromSeconds(TotpCodes.PeriodSeconds));
        return (secret, confirmed.Body().RecoveryCodes);
    }

    public string Code(byte[] secret, int stepOffset = 0) => TotpCodes.CodeAt(secret, TotpCodes.StepAt(Clock.GetUtcNow()) + stepOffset);

    public Task<TotpOutcome<TotpConfirmOutcomeKind, TotpConfirmResponse>> ConfirmAsync(string code, string userId = UserId) =>
        Service.ConfirmAsync(new TotpCodeCommand(Caller, userId, code), CancellationToken.None);

    public Task<TotpOutcome<TotpVerifyOutcomeKind, TotpVerifyResponse>> VerifyAsync(string code, string userId = UserId, ApiCaller? caller = null) =>
        Service.VerifyAsync(new TotpCodeCommand(caller ?? Caller, userId, code), CancellationToken.None);

    public Task<TotpOutcome<TotpRecoverOutcomeKind, TotpRecoverResponse>> RecoverAsync(string recoveryCode, string userId = UserId)
    {
        Assert.That(RecoveryCodes.TryNormalize(recoveryCode, out var normalized), Is.True);
        return Service.RecoverAsync(new TotpRecoverCommand(Caller, userId, normalized), CancellationToken.None);
    }

    /// <summary>A 6-digit code that is none of the codes within the skew window.</summary>
    public string WrongCode(byte[] secret)
    {
        var taken = Enumerable.Range(-2, 5).Select(offset => Code(secret, offset)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(code => !taken.Contains(code));
    }
}
