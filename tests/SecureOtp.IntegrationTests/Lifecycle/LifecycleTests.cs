using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// The conformance suite: the whole send → verify lifecycle over HTTP, run against real Redis, a real Redis Cluster and the
/// in-process store. All must answer identically, so the Development store can never drift from production.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class LifecycleTests(StoreKind store) : PerStoreFixture(store)
{
    [Test]
    public async Task Send_ThenCorrectCode_Approves()
    {
        var userId = OtpClient.NewUserId();
        using var sent = await Client.SendAsync(userId);
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await OtpClient.ReadJson(sent);
        var id = body["verificationId"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(id, Does.Match("^[A-Za-z0-9_-]{40}$"));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("pending"));
            Assert.That(body["channel"]!.GetValue<string>(), Is.EqualTo("sms"));
            Assert.That(body["expiresAt"]!.GetValue<string>(), Is.EqualTo((App.Clock.GetUtcNow() + TimeSpan.FromMinutes(5)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(body["maxAttempts"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(body["risk"]!["simSwap"]!.GetValue<string>(), Is.EqualTo("not_checked"));
            Assert.That(sent.Headers.Location?.ToString(), Is.EqualTo($"/otp/{id}"));
        });

        var code = await Client.ReadCodeAsync(id);
        using var verified = await Client.VerifyAsync(id, code, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var approved = await OtpClient.ReadJson(verified);
        Assert.Multiple(() =>
        {
            Assert.That(approved["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(approved["verificationId"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(approved["userId"]!.GetValue<string>(), Is.EqualTo(userId));
            Assert.That(approved["purpose"]!.GetValue<string>(), Is.EqualTo("login"));
        });
    }

    [Test]
    public async Task Verify_SameCodeTwice_SecondIsNotFound()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        using var first = await Client.VerifyAsync(id, code, userId);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var second = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(second, HttpStatusCode.NotFound, "verification_not_found");
        using var status = await Client.Http.GetAsync($"/otp/{id}");
        await ProblemAssert.IsProblem(status, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task Verify_WrongCodes_CountDownAttemptsRemaining()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var wrong = OtpClient.WrongCode(await Client.ReadCodeAsync(id));
        for (var expected = 4; expected >= 0; expected--)
        {
            using var response = await Client.VerifyAsync(id, wrong, userId);
            var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "incorrect_code");
            Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(expected));
            Assert.That(problem.ToJsonString(), Does.Not.Contain(wrong), "an error never echoes a code");
        }
    }

    [Test]
    public async Task Verify_AfterMaxAttempts_RejectsCorrectCode()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Client.VerifyAsync(id, OtpClient.WrongCode(code), userId);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using var right = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(right, HttpStatusCode.Gone, "verification_locked");
        using var status = await Client.Http.GetAsync($"/otp/{id}");
        var state = await OtpClient.ReadJson(status);
        Assert.That(state["status"]!.GetValue<string>(), Is.EqualTo("locked"));
        Assert.That(state["attemptsRemaining"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task Verify_AfterExpiry_ReturnsNotFound()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        App.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        using var response = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task Verify_JustBeforeExpiry_Approves()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        App.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(58));

        using var response = await Client.VerifyAsync(id, code, userId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Send_WithinCooldown_Returns429WithRetryAfter()
    {
        var userId = OtpClient.NewUserId();
        await Client.StartAsync(userId);
        App.Clock.Advance(TimeSpan.FromSeconds(10));

        using var again = await Client.SendAsync(userId);
        var problem = await ProblemAssert.IsProblem(again, HttpStatusCode.TooManyRequests, "resend_too_soon");
        Assert.That(again.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(problem["retryAfter"]!.GetValue<int>(), Is.EqualTo(20));
    }

    [Test]
    public async Task Send_AfterCooldown_CancelsPreviousCode()
    {
        var userId = OtpClient.NewUserId();
        var oldId = await Client.StartAsync(userId);
        var oldCode = await Client.ReadCodeAsync(oldId);
        App.Clock.Advance(TimeSpan.FromSeconds(30));

        var newId = await Client.StartAsync(userId);
        var newCode = await Client.ReadCodeAsync(newId);
        Assert.That(newId, Is.Not.EqualTo(oldId));

        using var old = await Client.VerifyAsync(oldId, oldCode, userId);
        await ProblemAssert.IsProblem(old, HttpStatusCode.NotFound, "verification_not_found");
        using var fresh = await Client.VerifyAsync(newId, newCode, userId);
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Send_ForAnotherPurpose_LeavesTheFirstCodeLive()
    {
        var userId = OtpClient.NewUserId();
        var loginId = await Client.StartAsync(userId, purpose: "login");
        var paymentId = await Client.StartAsync(userId, purpose: "payment");

        using var login = await Client.VerifyAsync(loginId, await Client.ReadCodeAsync(loginId), userId);
        using var payment = await Client.VerifyAsync(paymentId, await Client.ReadCodeAsync(paymentId), userId);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(payment.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OtpClient.ReadJson(payment))["purpose"]!.GetValue<string>(), Is.EqualTo("payment"));
    }

    [Test]
    public async Task Verify_CodeOfOneVerification_DoesNotApproveAnother()
    {
        var first = await Client.StartAsync(OtpClient.NewUserId());
        var secondUserId = OtpClient.NewUserId();
        var second = await Client.StartAsync(secondUserId);
        var firstCode = await Client.ReadCodeAsync(first);
        if (firstCode == await Client.ReadCodeAsync(second))
        {
            Assert.Inconclusive("the two random codes happened to be equal");
        }

        using var response = await Client.VerifyAsync(second, firstCode, secondUserId);
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "incorrect_code");
    }

    [Test]
    public async Task Cancel_ThenVerify_ReturnsNotFound()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        using var cancelled = await Client.Http.DeleteAsync($"/otp/{id}");
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var again = await Client.Http.DeleteAsync($"/otp/{id}");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "cancel is idempotent");

        using var verify = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(verify, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task Status_ReportsPendingAttemptsAndExpiry()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId, purpose: "reset_pw");
        using (await Client.VerifyAsync(id, OtpClient.WrongCode(await Client.ReadCodeAsync(id)), userId))
        {
        }

        using var status = await Client.Http.GetAsync($"/otp/{id}");
        Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var state = await OtpClient.ReadJson(status);
        Assert.Multiple(() =>
        {
            Assert.That(state["verificationId"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(state["status"]!.GetValue<string>(), Is.EqualTo("pending"));
            Assert.That(state["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(state["purpose"]!.GetValue<string>(), Is.EqualTo("reset_pw"));
            Assert.That(state["expiresAt"]!.GetValue<string>(), Does.EndWith("Z"));
        });
    }

    [Test]
    public async Task Verify_WithMismatchedUserId_CountsAsWrongCode()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        using var mismatched = await Client.VerifyAsync(id, code, userId: "someone-else");
        var problem = await ProblemAssert.IsProblem(mismatched, HttpStatusCode.BadRequest, "incorrect_code");
        Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));

        using var matched = await Client.VerifyAsync(id, code, userId);
        Assert.That(matched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("12345")]
    [TestCase("1234567")]
    [TestCase("12345a")]
    [TestCase("١٢٣٤٥٦")]
    [TestCase("１２３４５６")]
    [TestCase(" 12345")]
    public async Task Verify_MalformedCode_Returns400AndConsumesNoAttempt(string malformed)
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);

        using var response = await Client.VerifyAsync(id, malformed, userId);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["code"], Is.Not.Null);

        using var status = await Client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task Verify_UnknownVerification_ReturnsNotFound()
    {
        using var response = await Client.VerifyAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "123456", OtpClient.NewUserId());
        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "verification_not_found");
    }

    [TestCase("does-not-exist")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public async Task Verify_AnIdSendCouldNotHaveIssued_IsAValidationError(string verificationId)
    {
        using var response = await Client.VerifyAsync(verificationId, "123456", OtpClient.NewUserId());
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["verificationId"], Is.Not.Null);
    }

    [Test]
    public async Task Send_RepeatedWithIdempotencyKey_ReturnsFirstAnswerAndSendsNothing()
    {
        var userId = OtpClient.NewUserId();
        var phone = OtpClient.NewPhone();
        var key = Guid.NewGuid().ToString();
        using var first = await Client.SendAsync(userId, phone, idempotencyKey: key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var textsAfterFirst = await Client.OutboxCountAsync();

        using var repeat = await Client.SendAsync(userId, phone, idempotencyKey: key);
        Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a replay is not refused by the resend cooldown");
        Assert.That(await repeat.Content.ReadAsStringAsync(), Is.EqualTo(firstBody));
        Assert.That(await Client.OutboxCountAsync(), Is.EqualTo(textsAfterFirst), "a replay sends nothing");
    }

    [Test]
    public async Task Send_IdempotencyKeyReusedWithAnotherBody_Returns422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await Client.SendAsync(OtpClient.NewUserId(), idempotencyKey: key);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        using var other = await Client.SendAsync(OtpClient.NewUserId(), idempotencyKey: key);
        await ProblemAssert.IsProblem(other, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Test]
    public async Task Send_RefusedForCooldown_DoesNotBurnTheIdempotencyKey()
    {
        var userId = OtpClient.NewUserId();
        var phone = OtpClient.NewPhone();
        await Client.StartAsync(userId);
        var key = Guid.NewGuid().ToString();
        using var tooSoon = await Client.SendAsync(userId, phone, idempotencyKey: key);
        Assert.That(tooSoon.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        App.Clock.Advance(TimeSpan.FromSeconds(31));
        using var later = await Client.SendAsync(userId, phone, idempotencyKey: key);
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the failed attempt released the key");
    }

    [Test]
    public async Task Verify_RepeatedWithIdempotencyKey_ReturnsTheFirstApproval()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        var key = Guid.NewGuid().ToString();
        using var first = await Client.VerifyAsync(id, code, userId, idempotencyKey: key);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var repeat = await Client.VerifyAsync(id, code, userId, idempotencyKey: key);
        Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the code is consumed, but the key replays its approval");
        Assert.That(await repeat.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        using var withoutKey = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(withoutKey, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task Verify_WrongCodeRepeatedWithIdempotencyKey_CountsOneAttempt()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await Client.VerifyAsync(id, OtpClient.WrongCode(code), userId, idempotencyKey: key);
            var problem = await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
            Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4), $"answer {i + 1} is the first one");
        }

        using var status = await Client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
        using var right = await Client.VerifyAsync(id, code, userId, idempotencyKey: Guid.NewGuid().ToString());
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Verify_IdempotencyKeyReusedWithAnotherCode_Returns422AndCountsNothing()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        var key = Guid.NewGuid().ToString();
        using var wrong = await Client.VerifyAsync(id, OtpClient.WrongCode(code), userId, idempotencyKey: key);
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var reused = await Client.VerifyAsync(id, code, userId, idempotencyKey: key);
        await ProblemAssert.IsProblem(reused, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        using var status = await Client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4), "the reused key counted nothing");
        using var right = await Client.VerifyAsync(id, code, userId);
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
