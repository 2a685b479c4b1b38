using NSubstitute.ExceptionExtensions;
using NSubstitute;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary><see cref="SendReservation"/>: the one place a send gives back its Idempotency-Key claim and limit entries.</summary>
public sealed class SendReservationTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly IReadOnlyList<LimitCheck> Entries = [new LimitCheck("phone_per_hour", "ph1h:x", 5, TimeSpan.FromHours(1), "m")];
    private static readonly SendOtpResponse Response = new(new string('A', 40), "pending", "sms",
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 5, RiskAssessment.NotChecked);

    private static readonly SendIdempotencyKey Key =
        new IdempotencyProtector(TestKeys.NewPseudonymKey()).ForSend(OtpHarness.Client, "order-77", OtpHarness.Request());

    private IOtpStore store = null!;
    private IRateLimiter limiter = null!;

    [SetUp]
    public void NewSubstitutes()
    {
        store = Substitute.For<IOtpStore>();
        limiter = Substitute.For<IRateLimiter>();
    }

    [Test]
    public async Task Dispose_WithNothingHeld_TouchesNothing()
    {
        await new SendReservation(store, limiter, Retention).DisposeAsync();

        Assert.That(store.ReceivedCalls().Concat(limiter.ReceivedCalls()), Is.Empty);
    }

    [Test]
    public async Task Dispose_NotKept_GivesBackTheLimitEntriesAndTheClaim()
    {
        var hold = Held();

        await hold.DisposeAsync();

        await limiter.Received(1).ReleaseAsync(Entries, CancellationToken.None);
        await store.Received(1).ReleaseIdempotencyKeyAsync(Key.Request, CancellationToken.None);
    }

    [Test]
    public async Task Keep_CompletesTheClaimWithTheAnswerSealed_AndDisposeGivesNothingBack()
    {
        var hold = Held();

        await hold.KeepAsync(Response);
        await hold.DisposeAsync();

        await store.Received(1).CompleteIdempotencyKeyAsync(Key.Request,
            Arg.Is<byte[]>(box => IsResponseSealed(box)), Retention, CancellationToken.None);
        await store.DidNotReceiveWithAnyArgs().ReleaseIdempotencyKeyAsync(default!, default);
        await limiter.DidNotReceiveWithAnyArgs().ReleaseAsync(default!, default);
    }

    [Test]
    public async Task Keep_WhenCompletingFails_StillGivesNothingBack()
    {
        store.CompleteIdempotencyKeyAsync(default!, default!, default, default)
            .ReturnsForAnyArgs(Task.FromException(new StoreUnavailableException("down", new TimeoutException())));
        var hold = Held();

        Assert.That(async () => await hold.KeepAsync(Response), Throws.InstanceOf<StoreUnavailableException>());
        await hold.DisposeAsync();

        await store.DidNotReceiveWithAnyArgs().ReleaseIdempotencyKeyAsync(default!, default);
        await limiter.DidNotReceiveWithAnyArgs().ReleaseAsync(default!, default);
    }

    [Test]
    public async Task Dispose_WhenGivingBackTheLimitsFails_StillReleasesTheClaimAndRethrows()
    {
        limiter.ReleaseAsync(default!, default).ThrowsAsyncForAnyArgs(new StoreUnavailableException("down", new TimeoutException()));
        var hold = Held();

        Assert.That(async () => await hold.DisposeAsync(), Throws.InstanceOf<StoreUnavailableException>());

        await store.Received(1).ReleaseIdempotencyKeyAsync(Key.Request, CancellationToken.None);
    }

    [Test]
    public async Task Dispose_WhenTheStoreIsDownForTheClaim_LetsTheClaimLapseQuietly()
    {
        store.ReleaseIdempotencyKeyAsync(default!, default).ThrowsAsyncForAnyArgs(new StoreUnavailableException("down", new TimeoutException()));
        var hold = new SendReservation(store, limiter, Retention);
        hold.HoldClaim(Key);

        Assert.That(async () => await hold.DisposeAsync(), Throws.Nothing);
    }

    [Test]
    public async Task Dispose_AfterTheStoreFailed_GivesBackInTheBackground_WithoutWaitingOnTheStore()
    {
        var hold = Held();
        hold.StoreFailed();

        await hold.DisposeAsync();

        limiter.Received(1).ReleaseLater(Entries);
        store.Received(1).ReleaseIdempotencyKeyLater(Key.Request);
        await limiter.DidNotReceiveWithAnyArgs().ReleaseAsync(default!, default);
        await store.DidNotReceiveWithAnyArgs().ReleaseIdempotencyKeyAsync(default!, default);
    }

    /// <summary>The box opens to the answer under the key, and does not show its verification id.</summary>
    private static bool IsResponseSealed(byte[] box) =>
        Key.Open(box) == Response && !Bytes.Contains(box, System.Text.Encoding.UTF8.GetBytes(Response.VerificationId));

    private SendReservation Held()
    {
        var hold = new SendReservation(store, limiter, Retention);
        hold.HoldClaim(Key);
        hold.HoldLimits(Entries);
        return hold;
    }
}
