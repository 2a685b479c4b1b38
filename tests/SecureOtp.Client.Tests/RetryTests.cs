using System.Net;

namespace SecureOtp.Client.Tests;

/// <summary>Retries happen only where the contract makes a repeat safe, with the same Idempotency-Key, bounded, honouring Retry-After.</summary>
public sealed class RetryTests
{
    private const string Sent = """{"verificationId":"v-1","status":"pending","channel":"sms","expiresAt":"2026-12-07T10:05:00Z","maxAttempts":5}""";
    private const string Approved = """{"status":"approved","verificationId":"v-1","userId":"u-1","purpose":"login"}""";

    [Test]
    public async Task A_send_without_a_key_is_never_retried_after_a_503()
    {
        using var harness = new ClientHarness(o => o.GenerateIdempotencyKeys = false);
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable).ThenOk(Sent, HttpStatusCode.Accepted);

        var result = await harness.RunAsync(c => c.SendAsync(ClientHarness.Send));

        Assert.That(result.Problem, Is.TypeOf<StoreUnavailable>());
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(1));
        Assert.That(harness.Handler.Requests[0].IdempotencyKey, Is.Null);
    }

    [Test]
    public void A_send_without_a_key_is_never_retried_after_a_lost_answer()
    {
        using var harness = new ClientHarness(o => o.GenerateIdempotencyKeys = false);
        harness.Handler.ThenNoAnswer().ThenOk(Sent, HttpStatusCode.Accepted);

        Assert.ThrowsAsync<SecureOtpException>(() => harness.RunAsync(c => c.SendAsync(ClientHarness.Send)));
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_send_with_its_key_is_retried_after_a_503_or_a_lost_answer_with_the_same_key()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable).ThenNoAnswer().ThenOk(Sent, HttpStatusCode.Accepted);

        var result = await harness.RunAsync(c => c.SendAsync(ClientHarness.Send));

        Assert.That(result.Succeeded, Is.True);
        var keys = harness.Handler.Requests.Select(r => r.IdempotencyKey).ToList();
        Assert.That(keys, Has.Count.EqualTo(3));
        Assert.That(keys.Distinct().Single(), Is.Not.Null.And.Length.GreaterThanOrEqualTo(20));
    }

    [Test]
    public async Task A_send_whose_first_attempt_is_in_progress_is_retried_with_its_key()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(409, ProblemTypes.IdempotencyInProgress, retryAfterSeconds: 1).ThenOk(Sent, HttpStatusCode.Accepted);

        var result = await harness.RunAsync(c => c.SendAsync(ClientHarness.Send, "my-key"));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(harness.Handler.Requests.Select(r => r.IdempotencyKey), Is.EqualTo((string[])["my-key", "my-key"]));
    }

    [TestCase(503, ProblemTypes.SmsUnavailable)]
    [TestCase(503, ProblemTypes.SimSwapCheckUnavailable)]
    [TestCase(429, ProblemTypes.RateLimited)]
    [TestCase(429, ProblemTypes.ResendTooSoon)]
    public async Task A_send_is_not_retried_when_a_repeat_would_be_a_new_text_or_is_refused(int status, string type)
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(status, type, retryAfterSeconds: 1).ThenOk(Sent, HttpStatusCode.Accepted);

        var result = await harness.RunAsync(c => c.SendAsync(ClientHarness.Send));

        Assert.That(result.Problem!.Type, Is.EqualTo(type));
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_verify_is_retried_after_a_503_with_its_key_and_each_call_has_its_own_key()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable).ThenOk(Approved).ThenOk(Approved);

        var first = await harness.RunAsync(c => c.VerifyAsync(ClientHarness.Verify));
        var second = await harness.RunAsync(c => c.VerifyByUserAsync(new VerifyByUserRequest { UserId = "u-1", Purpose = "login", Code = "123456" }));

        Assert.That(first.Succeeded && second.Succeeded, Is.True);
        var keys = harness.Handler.Requests.Select(r => r.IdempotencyKey).ToList();
        Assert.That(keys[0], Is.EqualTo(keys[1]), "the retry reuses the call's key");
        Assert.That(keys[2], Is.Not.EqualTo(keys[0]), "a new call (a new code typed) has a new key");
    }

    [Test]
    public async Task A_verify_without_a_key_is_not_retried()
    {
        using var harness = new ClientHarness(o => o.GenerateIdempotencyKeys = false);
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable).ThenOk(Approved);

        var result = await harness.RunAsync(c => c.VerifyAsync(ClientHarness.Verify));

        Assert.That(result.Problem, Is.TypeOf<StoreUnavailable>());
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_wrong_code_is_not_retried()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(400, ProblemTypes.IncorrectCode, ""","attemptsRemaining":4""");

        var result = await harness.RunAsync(c => c.VerifyAsync(ClientHarness.Verify));

        Assert.That(((IncorrectCode)result.Problem!).AttemptsRemaining, Is.EqualTo(4));
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Authenticator_writes_carry_no_key_and_are_not_retried()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable);

        var verify = await harness.RunAsync(c => c.TotpVerifyAsync("u-1", "123456"));
        var recover = await harness.RunAsync(c => c.TotpRecoverAsync("u-1", "7KQ2M-XW9TD"));
        var confirm = await harness.RunAsync(c => c.TotpConfirmAsync("u-1", "123456"));
        var enroll = await harness.RunAsync(c => c.TotpEnrollAsync(new TotpEnrollRequest { UserId = "u-1" }));
        var resend = await harness.RunAsync(c => c.ResendAsync("v-1", OtpChannels.Voice));

        Assert.That(new OtpResult[] { verify, recover, confirm, enroll, resend }.Select(r => r.Problem), Is.All.TypeOf<StoreUnavailable>());
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(5));
        Assert.That(harness.Handler.Requests.Select(r => r.IdempotencyKey), Is.All.Null);
    }

    [Test]
    public async Task Reads_and_deletes_are_retried_after_a_503()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable).Then(HttpStatusCode.NoContent)
            .ThenProblem(503, ProblemTypes.StoreUnavailable).ThenOk("""{"status":"active","createdAt":"2026-12-07T09:00:00Z"}""");

        var cancel = await harness.RunAsync(c => c.CancelAsync("v-1"));
        var status = await harness.RunAsync(c => c.TotpGetAsync("u-1"));

        Assert.That(cancel.Succeeded && status.Succeeded, Is.True);
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Retries_are_bounded()
    {
        using var harness = new ClientHarness(o => o.MaxRetries = 3);
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable);

        var result = await harness.RunAsync(c => c.SendAsync(ClientHarness.Send));

        Assert.That(result.Problem, Is.TypeOf<StoreUnavailable>());
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task A_retry_waits_the_services_retry_after()
    {
        using var harness = new ClientHarness(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10));
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable, retryAfterSeconds: 3).ThenOk(Approved);

        await harness.RunAsync(c => c.VerifyAsync(ClientHarness.Verify));

        var waited = harness.Handler.Requests[1].At!.Value - harness.Handler.Requests[0].At!.Value;
        Assert.That(waited, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)).And.LessThan(TimeSpan.FromSeconds(3.5)));
    }

    [Test]
    public async Task A_retry_after_longer_than_the_client_waits_is_handed_to_the_application()
    {
        using var harness = new ClientHarness(o => o.MaxRetryAfter = TimeSpan.FromSeconds(5));
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable, retryAfterSeconds: 30).ThenOk(Approved);

        var result = await harness.RunAsync(c => c.VerifyAsync(ClientHarness.Verify));

        Assert.That(((StoreUnavailable)result.Problem!).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(harness.Handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void The_callers_cancellation_stops_the_retries()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable, retryAfterSeconds: 2);
        using var cancel = new CancellationTokenSource();

        var call = harness.Client.SendAsync(ClientHarness.Send, cancellationToken: cancel.Token);
        cancel.Cancel();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }
}
