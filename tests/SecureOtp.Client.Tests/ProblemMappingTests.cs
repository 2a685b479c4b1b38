namespace SecureOtp.Client.Tests;

/// <summary>Every problem type of docs/api.md becomes its typed result, or (for what no login flow can act on) the documented exception.</summary>
public sealed class ProblemMappingTests
{
    private static IEnumerable<TestCaseData> ExpectedOutcomes()
    {
        yield return Case(400, ProblemTypes.ValidationFailed, typeof(ValidationFailed), ""","errors":{"code":["must be 6 digits"]}""");
        yield return Case(400, ProblemTypes.IncorrectCode, typeof(IncorrectCode), ""","attemptsRemaining":3""");
        yield return Case(404, ProblemTypes.VerificationNotFound, typeof(NotFound));
        yield return Case(410, ProblemTypes.VerificationLocked, typeof(Locked));
        yield return Case(429, ProblemTypes.ResendTooSoon, typeof(ResendTooSoon));
        yield return Case(429, ProblemTypes.RateLimited, typeof(RateLimited), ""","limit":"phone_per_hour","retryAfter":120""");
        yield return Case(422, ProblemTypes.IdempotencyKeyReused, typeof(IdempotencyKeyReused));
        yield return Case(409, ProblemTypes.IdempotencyInProgress, typeof(IdempotencyInProgress));
        yield return Case(503, ProblemTypes.SmsUnavailable, typeof(SmsUnavailable));
        yield return Case(422, ProblemTypes.DestinationUnreachable, typeof(DestinationUnreachable));
        yield return Case(403, ProblemTypes.DestinationNotAllowed, typeof(DestinationNotAllowed));
        yield return Case(422, ProblemTypes.SimSwapDetected, typeof(SimSwapDetected));
        yield return Case(503, ProblemTypes.SimSwapCheckUnavailable, typeof(SimSwapCheckUnavailable));
        yield return Case(503, ProblemTypes.StoreUnavailable, typeof(StoreUnavailable));
        yield return Case(404, ProblemTypes.NotEnrolled, typeof(NotEnrolled));
        yield return Case(409, ProblemTypes.AlreadyEnrolled, typeof(AlreadyEnrolled));
        yield return Case(409, ProblemTypes.CodeAlreadyUsed, typeof(AlreadyUsed));
        yield return Case(409, ProblemTypes.EnrolmentLimitReached, typeof(EnrolmentLimitReached));
        yield return Case(409, "verification_not_pending", typeof(UnrecognizedProblem));
    }

    private static TestCaseData Case(int status, string type, Type expected, string extra = "") =>
        new TestCaseData(status, type, expected, extra).SetArgDisplayNames(type);

    [TestCaseSource(nameof(ExpectedOutcomes))]
    public async Task An_expected_problem_is_a_typed_result(int status, string type, Type expected, string extra)
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 0);
        harness.Handler.ThenProblem(status, type, extra);

        var result = await harness.Client.VerifyAsync(ClientHarness.Verify);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Problem, Is.TypeOf(expected));
        Assert.That(result.Problem!.Type, Is.EqualTo(type));
        Assert.That(result.Problem.Status, Is.EqualTo(status));
    }

    [TestCase(401, ProblemTypes.Unauthorized)]
    [TestCase(403, ProblemTypes.Forbidden)]
    [TestCase(400, ProblemTypes.InvalidRequest)]
    [TestCase(413, ProblemTypes.PayloadTooLarge)]
    [TestCase(414, ProblemTypes.UriTooLong)]
    [TestCase(431, ProblemTypes.RequestHeadersTooLarge)]
    [TestCase(415, ProblemTypes.UnsupportedMediaType)]
    [TestCase(404, ProblemTypes.NotFound)]
    [TestCase(405, ProblemTypes.MethodNotAllowed)]
    [TestCase(401, ProblemTypes.InvalidSignature)]
    [TestCase(401, ProblemTypes.StaleTimestamp)]
    [TestCase(500, ProblemTypes.InternalError)]
    [TestCase(502, "bad_gateway_of_a_proxy")]
    public void An_answer_no_login_flow_can_act_on_throws_the_documented_exception(int status, string type)
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 0);
        harness.Handler.ThenProblem(status, type);

        var thrown = Assert.ThrowsAsync<SecureOtpException>(() => harness.Client.VerifyAsync(ClientHarness.Verify));

        Assert.That((int?)thrown!.StatusCode, Is.EqualTo(status));
        Assert.That(thrown.ProblemType, Is.EqualTo(type));
        Assert.That(thrown.Message, Does.Not.Contain(ClientHarness.ApiKey));
    }

    [Test]
    public void An_error_without_a_problem_document_throws()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 0);
        harness.Handler.Then(System.Net.HttpStatusCode.BadGateway, "<html>proxy</html>", "text/html");

        Assert.ThrowsAsync<SecureOtpException>(() => harness.Client.SendAsync(ClientHarness.Send));
    }

    [Test]
    public async Task The_problem_extensions_reach_the_result()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 0);
        harness.Handler
            .ThenProblem(400, ProblemTypes.IncorrectCode, ""","attemptsRemaining":2""")
            .ThenProblem(429, ProblemTypes.RateLimited, ""","limit":"user_failed_verifies_per_day","retryAfter":90""", retryAfterSeconds: 90)
            .ThenProblem(400, ProblemTypes.ValidationFailed, ""","errors":{"code":["must be 6 digits"]}""")
            .ThenProblem(410, ProblemTypes.VerificationLocked, ""","retryAfter":600""");

        var incorrect = (IncorrectCode)(await harness.Client.VerifyAsync(ClientHarness.Verify)).Problem!;
        var limited = (RateLimited)(await harness.Client.VerifyAsync(ClientHarness.Verify)).Problem!;
        var invalid = (ValidationFailed)(await harness.Client.VerifyAsync(ClientHarness.Verify)).Problem!;
        var locked = (Locked)(await harness.Client.TotpVerifyAsync("u-1", "123456")).Problem!;

        Assert.That(incorrect.AttemptsRemaining, Is.EqualTo(2));
        Assert.That(limited.Limit, Is.EqualTo("user_failed_verifies_per_day"));
        Assert.That(limited.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(invalid.Errors["code"], Is.EqualTo((string[])["must be 6 digits"]));
        Assert.That(locked.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(600)), "from the body when the header is absent");
    }
}
