using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 25, part 3: <c>POST /otp/verify {userId, purpose, code}</c> without a verification id checks the user's live
/// verification for that purpose in the caller's tenant, under every rule of the id form: attempts (one count for both
/// forms), lock, resend, tenancy, idempotency, validation.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
[TestFixture(StoreKind.InProcess)]
public sealed class VerifyByUserTests(StoreKind store) : PerStoreFixture(store)
{
    [Test]
    public async Task TheUsersCode_IsApproved_AndTheAnswerNamesTheVerificationChecked()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        using var approved = await Client.VerifyByUserAsync(userId, code);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        var body = await OtpClient.ReadJson(approved);
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        Assert.That(body["verificationId"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(body["userId"]!.GetValue<string>(), Is.EqualTo(userId));
        Assert.That(body["purpose"]!.GetValue<string>(), Is.EqualTo("login"), "the purpose defaults as send's does");

        using var again = await Client.VerifyByUserAsync(userId, code);
        await ProblemAssert.IsProblem(again, HttpStatusCode.NotFound, "verification_not_found");
        using var byId = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(byId, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task ThePurpose_PicksWhichOfTheUsersVerifications_IsChecked()
    {
        var userId = OtpClient.NewUserId();
        var login = await Client.StartAsync(userId);
        var payment = await Client.StartAsync(userId, purpose: "payment");
        var paymentCode = await Client.ReadCodeAsync(payment);

        using var approved = await Client.VerifyByUserAsync(userId, paymentCode, purpose: "payment");
        Assert.That((await OtpClient.ReadJson(approved))["verificationId"]!.GetValue<string>(), Is.EqualTo(payment));

        Assert.That(await AttemptsRemainingAsync(login), Is.EqualTo(5), "the login code was not touched");
        using var none = await Client.VerifyByUserAsync(userId, paymentCode, purpose: "signup");
        await ProblemAssert.IsProblem(none, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task WrongCodes_ByUserThenById_CountAgainstOneBudget()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var wrong = OtpClient.WrongCode(await Client.ReadCodeAsync(id));

        using var byUser = await Client.VerifyByUserAsync(userId, wrong);
        Assert.That((await ProblemAssert.IsProblem(byUser, HttpStatusCode.BadRequest, "incorrect_code"))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
        using var byId = await Client.VerifyAsync(id, wrong, userId);
        Assert.That((await ProblemAssert.IsProblem(byId, HttpStatusCode.BadRequest, "incorrect_code"))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(3));
        using var byUserAgain = await Client.VerifyByUserAsync(userId, wrong);
        Assert.That((await ProblemAssert.IsProblem(byUserAgain, HttpStatusCode.BadRequest, "incorrect_code"))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task MaxWrongCodes_LockTheVerification_AndTheRightCodeNoLongerWorks()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Client.VerifyByUserAsync(userId, OtpClient.WrongCode(code));
            await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
        }

        using var right = await Client.VerifyByUserAsync(userId, code);
        await ProblemAssert.IsProblem(right, HttpStatusCode.Gone, "verification_locked");
        using var byId = await Client.VerifyAsync(id, code, userId);
        await ProblemAssert.IsProblem(byId, HttpStatusCode.Gone, "verification_locked");
    }

    [Test]
    public async Task AfterAResend_OnlyTheNewCodeWorks()
    {
        var userId = OtpClient.NewUserId();
        var first = await Client.StartAsync(userId);
        var oldCode = await Client.ReadCodeAsync(first);
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        var second = await Client.StartAsync(userId);
        var newCode = await Client.ReadCodeAsync(second);
        Assume.That(newCode, Is.Not.EqualTo(oldCode), "two draws of a million may coincide");

        using var old = await Client.VerifyByUserAsync(userId, oldCode);
        await ProblemAssert.IsProblem(old, HttpStatusCode.BadRequest, "incorrect_code");
        using var approved = await Client.VerifyByUserAsync(userId, newCode);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OtpClient.ReadJson(approved))["verificationId"]!.GetValue<string>(), Is.EqualTo(second));
    }

    [Test]
    public async Task AnotherTenantsUserWithTheSameUserId_IsNotFound_AndNothingIsCounted()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        foreach (var stranger in new[] { TestApiKeys.OtherTenant, TestApiKeys.OtherTenantVerifyOnly })
        {
            using var right = await OtpClient.For(App, stranger).VerifyByUserAsync(userId, code);
            var problem = await ProblemAssert.IsProblem(right, HttpStatusCode.NotFound, "verification_not_found");
            Assert.That(problem.ToJsonString(), Does.Not.Contain(userId).And.Not.Contain(id));
            using var wrong = await OtpClient.For(App, stranger).VerifyByUserAsync(userId, OtpClient.WrongCode(code));
            await ProblemAssert.IsProblem(wrong, HttpStatusCode.NotFound, "verification_not_found");
        }

        Assert.That(await AttemptsRemainingAsync(id), Is.EqualTo(5), "no attempt was counted");
        using var owner = await Client.VerifyByUserAsync(userId, code);
        Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ARepeatUnderTheSameIdempotencyKey_ReplaysTheApproval_EvenThoughTheCodeIsConsumed()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        var key = Guid.NewGuid().ToString();

        using var first = await Client.VerifyByUserAsync(userId, code, idempotencyKey: key);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var repeat = await Client.VerifyByUserAsync(userId, code, idempotencyKey: key);
        Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key replays its approval");
        Assert.That(await repeat.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));

        // The forms keep apart records: the same key in the id form is a request of its own, not a replay.
        using var byId = await Client.VerifyAsync(id, code, userId, idempotencyKey: key);
        await ProblemAssert.IsProblem(byId, HttpStatusCode.NotFound, "verification_not_found");
        using var withoutKey = await Client.VerifyByUserAsync(userId, code);
        await ProblemAssert.IsProblem(withoutKey, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task AWrongCodeRepeatedUnderOneKey_CountsOnce_AndTheKeyWithAnotherCodeIs422()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await Client.VerifyByUserAsync(userId, OtpClient.WrongCode(code), idempotencyKey: key);
            Assert.That((await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code"))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
        }

        using var reused = await Client.VerifyByUserAsync(userId, code, idempotencyKey: key);
        await ProblemAssert.IsProblem(reused, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.That(await AttemptsRemainingAsync(id), Is.EqualTo(4));
    }

    [Test]
    public async Task AnIdempotencyKey_StaysWithTheVerificationItFirstChecked()
    {
        var userId = OtpClient.NewUserId();
        var first = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(first);
        var key = Guid.NewGuid().ToString();
        using (var wrong = await Client.VerifyByUserAsync(userId, OtpClient.WrongCode(code), idempotencyKey: key))
        {
            await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
        }

        App.Clock.Advance(TimeSpan.FromSeconds(31));
        var second = await Client.StartAsync(userId);
        using var repeat = await Client.VerifyByUserAsync(userId, OtpClient.WrongCode(code), idempotencyKey: key);
        Assert.That((await ProblemAssert.IsProblem(repeat, HttpStatusCode.BadRequest, "incorrect_code"))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4),
            "the first answer, for the first verification");
        Assert.That(await AttemptsRemainingAsync(second), Is.EqualTo(5), "the new verification was not touched");
    }

    [Test]
    public async Task TheFailedVerifyCap_CountsTheUserFormsFailures_AndRefusesIt()
    {
        using var app = new SecureOtpApp(Store, new Dictionary<string, string?> { ["Limits:FailedVerifiesPerUserPerDay"] = "3" });
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        var code = await client.ReadCodeAsync(id);
        using (var byId = await client.VerifyAsync(id, OtpClient.WrongCode(code), userId))
        {
            await ProblemAssert.IsProblem(byId, HttpStatusCode.BadRequest, "incorrect_code");
        }

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await client.VerifyByUserAsync(userId, OtpClient.WrongCode(code));
            await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
        }

        using var capped = await client.VerifyByUserAsync(userId, code);
        await ProblemAssert.IsProblem(capped, HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task TheIdForm_WithAnotherPurpose_IsNotFound_AndCountsNothing()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        using var mismatch = await Client.PostVerifyAsync(new { verificationId = id, userId, purpose = "payment", code });
        await ProblemAssert.IsProblem(mismatch, HttpStatusCode.NotFound, "verification_not_found");
        Assert.That(await AttemptsRemainingAsync(id), Is.EqualTo(5));

        using var matching = await Client.PostVerifyAsync(new { verificationId = id, userId, purpose = "login", code });
        Assert.That(matching.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the id's own purpose is accepted beside it");
    }

    [TestCase(null, "123456", null, "verificationId")]
    [TestCase(null, "123456", null, "userId")]
    [TestCase("{user}", null, null, "code")]
    [TestCase("{user}", "12345", null, "code")]
    [TestCase("{user}", "123456", "Login", "purpose")]
    [TestCase("{user}", "123456", "", "purpose")]
    [TestCase("", "123456", null, "userId")]
    public async Task AMissingOrMalformedField_Is400_AndCountsNothing(string? user, string? code, string? purpose, string field)
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);

        using var refused = await Client.PostVerifyAsync(new { userId = user?.Replace("{user}", userId, StringComparison.Ordinal), purpose, code });
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]![field], Is.Not.Null, problem.ToJsonString());
        Assert.That(await AttemptsRemainingAsync(id), Is.EqualTo(5));
    }

    private async Task<int> AttemptsRemainingAsync(string verificationId)
    {
        using var status = await Client.Http.GetAsync($"/otp/{verificationId}");
        return (await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>();
    }
}
