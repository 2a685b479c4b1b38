using SecureOtp.Api.Security;
using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

/// <summary>The per-client budgets and the tenant's enrolment cap over the in-process store (as in Development).</summary>
public sealed class TotpWriteLimitsTests
{
    [Test]
    public async Task Enrol_BeyondTheTenantCap_IsRefused_UntilAPlaceFrees_AndOtherTenantsAreNotAffected()
    {
        var totp = new TotpHarness();
        totp.WriteLimitOptions.MaxTotpEnrolmentsPerTenant = 2;
        await totp.ActivateAsync("alice");
        await totp.EnrollAsync("bob");

        Assert.That((await Enroll(totp, "carol")).Kind, Is.EqualTo(TotpEnrollOutcomeKind.EnrolmentLimitReached));
        Assert.That((await Enroll(totp, "bob")).Kind, Is.EqualTo(TotpEnrollOutcomeKind.Enrolled), "a counted user keeps their place");
        Assert.That((await Enroll(totp, "carol", new ApiCaller("other-client", "other-tenant"))).Kind, Is.EqualTo(TotpEnrollOutcomeKind.Enrolled));

        totp.Clock.Advance(totp.Options.PendingTtl);
        Assert.That((await Enroll(totp, "carol")).Kind, Is.EqualTo(TotpEnrollOutcomeKind.Enrolled), "bob's pending enrolment expired");
        Assert.That((await Enroll(totp, "dave")).Kind, Is.EqualTo(TotpEnrollOutcomeKind.EnrolmentLimitReached));
        await totp.Service.DeleteAsync(TotpHarness.Caller, "alice", CancellationToken.None);
        Assert.That((await Enroll(totp, "dave")).Kind, Is.EqualTo(TotpEnrollOutcomeKind.Enrolled), "alice's deletion freed her place");
    }

    [Test]
    public async Task Verify_BeyondTheClientBudget_IsRateLimited_WithTheBudgetsName()
    {
        var totp = new TotpHarness();
        totp.WriteLimitOptions.TotpVerifiesPerClientPerMinute = 1;
        var (secret, _) = await totp.ActivateAsync();
        Assert.That((await totp.VerifyAsync(totp.Code(secret))).Kind, Is.EqualTo(TotpVerifyOutcomeKind.Approved));

        totp.Clock.Advance(TimeSpan.FromSeconds(TotpCodes.PeriodSeconds));
        var refused = await totp.VerifyAsync(totp.Code(secret));

        Assert.That(refused.Kind, Is.EqualTo(TotpVerifyOutcomeKind.RateLimited));
        Assert.That(refused.Limit(), Is.EqualTo("client_totp_verifies_per_minute"));
        // A bucketed counter: the first verify counts until its 1 s bucket leaves, which began 0.25 s before it (the
        // harness clock is at .250); the answer's Retry-After rounds it up to the same 30 s a log gave.
        Assert.That(refused.RetryAfter(), Is.EqualTo(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(250)));
    }

    private static Task<TotpOutcome<TotpEnrollOutcomeKind, TotpEnrollResponse>> Enroll(TotpHarness totp, string userId, ApiCaller? caller = null) =>
        totp.Service.EnrollAsync(new TotpEnrollCommand(caller ?? TotpHarness.Caller, userId, userId, "Acme"), CancellationToken.None);
}
