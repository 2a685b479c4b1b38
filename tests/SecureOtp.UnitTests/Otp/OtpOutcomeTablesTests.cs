using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;

namespace SecureOtp.UnitTests.Otp;

/// <summary>
/// The outcome tables pinned row by row: clients switch on the slugs, the dashboard and alert rules on the labels, log
/// searches on the audit words. A change here is a contract change, never a refactoring.
/// </summary>
public sealed class OtpOutcomeTablesTests
{
    [TestCase("Sent", 202, null, "sent", "sent")]
    [TestCase("Replayed", 202, null, "idempotent_replay", null)]
    [TestCase("ValidationFailed", 400, "validation_failed", "validation_failed", null)]
    [TestCase("DestinationNotAllowed", 403, "destination_not_allowed", "destination_not_allowed", "refused")]
    [TestCase("IdempotencyKeyReused", 422, "idempotency_key_reused", "idempotency_key_reused", null)]
    [TestCase("IdempotencyInProgress", 409, "idempotency_in_progress", "idempotency_in_progress", null)]
    [TestCase("RateLimited", 429, "rate_limited", "rate_limited", null)]
    [TestCase("ResendTooSoon", 429, "resend_too_soon", "resend_too_soon", "refused")]
    [TestCase("SimSwapDetected", 422, "sim_swap_detected", "sim_swap_detected", "refused")]
    [TestCase("SimSwapCheckUnavailable", 503, "sim_swap_check_unavailable", "sim_swap_check_unavailable", "refused")]
    [TestCase("DestinationUnreachable", 422, "destination_unreachable", "destination_unreachable", "failed")]
    [TestCase("SmsUnavailable", 503, "sms_unavailable", "sms_unavailable", "failed")]
    [TestCase("StoreUnavailable", 503, "store_unavailable", "store_unavailable", null)]
    public void SendRow_KeepsItsStatusSlugLabelAndAuditWord(string kind, int status, string? type, string label, string? audit) =>
        AssertRow(OtpOutcomeTables.Send[Enum.Parse<SendOutcomeKind>(kind)], status, type, label, audit);

    [TestCase("Approved", 200, null, "approved")]
    [TestCase("ValidationFailed", 400, "validation_failed", "validation_failed")]
    [TestCase("IncorrectCode", 400, "incorrect_code", "incorrect_code")]
    [TestCase("NotFound", 404, "verification_not_found", "not_found")]
    [TestCase("Locked", 410, "verification_locked", "locked")]
    [TestCase("RateLimited", 429, "rate_limited", "rate_limited")]
    [TestCase("StoreUnavailable", 503, "store_unavailable", "store_unavailable")]
    public void VerifyRow_KeepsItsStatusSlugAndLabel(string kind, int status, string? type, string label) =>
        AssertRow(OtpOutcomeTables.Verify[Enum.Parse<VerifyOutcomeKind>(kind)], status, type, label, audit: null);

    [Test]
    public void StatusAndCancelRows_AnswerFoundNotFoundCancelledValidationFailedRateLimitedOrStoreUnavailable()
    {
        Assert.That(OtpOutcomeTables.Status.Rows.Select(r => (r.Status, r.Problem?.Type)), Is.EquivalentTo(new (int, string?)[]
            { (200, null), (400, "validation_failed"), (404, "verification_not_found"), (503, "store_unavailable") }));
        Assert.That(OtpOutcomeTables.Cancel.Rows.Select(r => (r.Status, r.Problem?.Type)),
            Is.EquivalentTo(new (int, string?)[] { (204, null), (400, "validation_failed"), (429, "rate_limited"), (503, "store_unavailable") }));
    }

    [Test]
    public void Table_MissingARowForAKind_IsRefusedWhenBuilt()
    {
        var rows = new Dictionary<CancelOutcomeKind, OutcomeInfo> { [CancelOutcomeKind.Cancelled] = OutcomeInfo.Success(204, "cancelled") };

        Assert.That(() => new OutcomeTable<CancelOutcomeKind>(rows),
            Throws.InvalidOperationException.With.Message.Contains(nameof(CancelOutcomeKind.StoreUnavailable)));
    }

    [Test]
    public void EveryServiceOutcome_PointsAtItsOwnRow()
    {
        (SendOutcome Outcome, string Label)[] sends =
        [
            (new SendOutcome.Sent(null!), "sent"),
            (new SendOutcome.Sent(null!, Replayed: true), "idempotent_replay"),
            (new SendOutcome.ResendTooSoon(TimeSpan.Zero), "resend_too_soon"),
            (new SendOutcome.SmsUnavailable(TimeSpan.Zero), "sms_unavailable"),
            (new SendOutcome.DestinationUnreachable(), "destination_unreachable"),
            (new SendOutcome.DestinationNotAllowed("rule=DeniedPrefixes"), "destination_not_allowed"),
            (new SendOutcome.SimSwapDetected(), "sim_swap_detected"),
            (new SendOutcome.RiskCheckUnavailable(), "sim_swap_check_unavailable"),
            (new SendOutcome.RateLimited("x", TimeSpan.Zero), "rate_limited"),
            (new SendOutcome.IdempotencyKeyReused(), "idempotency_key_reused"),
            (new SendOutcome.IdempotencyInProgress(), "idempotency_in_progress"),
        ];
        (VerifyOutcome Outcome, string Label)[] verifies =
        [
            (new VerifyOutcome.Approved(null!), "approved"),
            (new VerifyOutcome.Incorrect(1), "incorrect_code"),
            (new VerifyOutcome.Locked(), "locked"),
            (new VerifyOutcome.RateLimited("x", TimeSpan.Zero), "rate_limited"),
            (new VerifyOutcome.NotFound(), "not_found"),
        ];

        Assert.Multiple(() =>
        {
            foreach (var (outcome, label) in sends)
            {
                Assert.That(OtpOutcomeTables.Send[outcome.Kind].Label, Is.EqualTo(label), outcome.GetType().Name);
            }

            foreach (var (outcome, label) in verifies)
            {
                Assert.That(OtpOutcomeTables.Verify[outcome.Kind].Label, Is.EqualTo(label), outcome.GetType().Name);
            }
        });
    }

    [Test]
    public void RateLimitedTitle_NamesTheLimitThatRefused()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();

        var problem = Problems.RateLimited(http, OtpOutcomeTables.Send[SendOutcomeKind.RateLimited], "phone_per_hour", TimeSpan.FromSeconds(90));

        Assert.That(problem.ProblemDetails.Title, Is.EqualTo("Too many requests: the phone per hour limit is reached."));
        Assert.That(problem.ProblemDetails.Extensions["limit"], Is.EqualTo("phone_per_hour"));
        Assert.That(problem.ProblemDetails.Extensions["retryAfter"], Is.EqualTo(90));
        Assert.That(http.Response.Headers.RetryAfter.ToString(), Is.EqualTo("90"));
    }

    private static void AssertRow(OutcomeInfo row, int status, string? type, string label, string? audit)
    {
        Assert.That(row.Status, Is.EqualTo(status));
        Assert.That(row.Problem?.Type, Is.EqualTo(type));
        Assert.That(row.Problem?.Status ?? status, Is.EqualTo(status));
        Assert.That(row.Label, Is.EqualTo(label));
        Assert.That(row.Audit, Is.EqualTo(audit));
    }
}
