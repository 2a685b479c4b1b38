using System.Net;
using System.Text.Json.Nodes;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>
/// Issue 15: the authenticator-app factor end to end over HTTP, on standalone Redis, a Redis Cluster and the in-process
/// store. Codes come from the tests' own RFC 6238 implementation, fed by the otpauth:// URI the service returned.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TotpLifecycleTests(StoreKind store) : PerStoreFixture(store)
{
    private TotpClient Totp => TotpClient.For(App);

    private DateTimeOffset Now => App.Clock.GetUtcNow();

    [Test]
    public async Task Enroll_AnswersCreated_WithSecretUriAndQrCode_AndNoCaching()
    {
        var userId = OtpClient.NewUserId();

        using var response = await Totp.EnrollAsync(userId, accountName: "alice@example.com", issuer: "Acme");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/totp/{userId}"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        var body = await OtpClient.ReadJson(response);
        var secret = body["secret"]!.GetValue<string>();
        Assert.That((body["userId"]!.GetValue<string>(), body["status"]!.GetValue<string>()), Is.EqualTo((userId, "pending")));
        Assert.That(body["otpauthUri"]!.GetValue<string>(), Is.EqualTo(
            $"otpauth://totp/Acme:alice%40example.com?secret={secret}&issuer=Acme&algorithm=SHA1&digits=6&period=30"));
        Assert.That(body["qrCodeSvg"]!.GetValue<string>(), Does.StartWith("<svg"));
    }

    [Test]
    public async Task AnIndependentlyComputedCode_IsAccepted_AndItsReplayRefused()
    {
        var userId = OtpClient.NewUserId();
        var (app, recoveryCodes) = await Totp.ActivateAsync(userId, Now);
        Assert.That(recoveryCodes, Has.Length.EqualTo(10));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = app.CodeAt(Now);

        using var first = await Totp.VerifyAsync(userId, code);
        using var replay = await Totp.VerifyAsync(userId, code);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        Assert.That((await OtpClient.ReadJson(first))["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        var problem = await ProblemAssert.IsProblem(replay, HttpStatusCode.Conflict, "code_already_used");
        Assert.That(problem.ToJsonString(), Does.Not.Contain(code));
    }

    [Test]
    public async Task Status_ShowsPendingThenActiveWithLastUse_AndNeverTheSecret()
    {
        var userId = OtpClient.NewUserId();
        var app = await Totp.EnrollAppAsync(userId);
        var pending = await ReadStatus(userId);
        Assert.That(pending["status"]!.GetValue<string>(), Is.EqualTo("pending"));
        Assert.That(pending["lastUsedAt"], Is.Null);

        using (await Totp.ConfirmAsync(userId, app.CodeAt(Now)))
        {
        }

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        using (await Totp.VerifyAsync(userId, app.CodeAt(Now)))
        {
        }

        var active = await ReadStatus(userId);
        Assert.That(active["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That(active["lastUsedAt"]!.GetValue<string>(), Is.EqualTo(Now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(active.ToJsonString(), Does.Not.Contain(app.Base32Secret));
    }

    [Test]
    public async Task AfterMaxAttempts_TheRightCodeIsRefusedAsLocked_UntilTheLockDurationPasses()
    {
        var userId = OtpClient.NewUserId();
        var (app, _) = await Totp.ActivateAsync(userId, Now);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        for (var remaining = 4; remaining >= 0; remaining--)
        {
            using var wrong = await Totp.VerifyAsync(userId, WrongCode(app));
            var problem = await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
            Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(remaining));
        }

        using (var locked = await Totp.VerifyAsync(userId, app.CodeAt(Now)))
        {
            var problem = await ProblemAssert.IsProblem(locked, HttpStatusCode.Gone, "verification_locked");
            Assert.That(locked.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(problem["retryAfter"]!.GetValue<int>(), Is.EqualTo(900));
        }

        using (var recover = await Totp.RecoverAsync(userId, "ABCDE-FGHJK"))
        {
            await ProblemAssert.IsProblem(recover, HttpStatusCode.Gone, "verification_locked");
        }

        App.Clock.Advance(TimeSpan.FromMinutes(15));
        using var unlocked = await Totp.VerifyAsync(userId, app.CodeAt(Now));
        Assert.That(unlocked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the lock passed");
    }

    [TestCase(-1, HttpStatusCode.OK)]
    [TestCase(1, HttpStatusCode.OK)]
    [TestCase(-2, HttpStatusCode.BadRequest)]
    [TestCase(2, HttpStatusCode.BadRequest)]
    public async Task OneStepOfClockSkewIsAccepted_TwoAreNot(int stepOffset, HttpStatusCode expected)
    {
        var userId = OtpClient.NewUserId();
        var (app, _) = await Totp.ActivateAsync(userId, Now);
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await Totp.VerifyAsync(userId, app.CodeAt(Now, stepOffset));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task EachRecoveryCode_WorksOnce()
    {
        var userId = OtpClient.NewUserId();
        var (_, codes) = await Totp.ActivateAsync(userId, Now);

        using var first = await Totp.RecoverAsync(userId, codes[0]);
        using var again = await Totp.RecoverAsync(userId, codes[0]);
        using var lowerCase = await Totp.RecoverAsync(userId, codes[1].ToLowerInvariant());

        Assert.That((await OtpClient.ReadJson(first))["recoveryCodesRemaining"]!.GetValue<int>(), Is.EqualTo(9));
        var problem = await ProblemAssert.IsProblem(again, HttpStatusCode.BadRequest, "incorrect_code");
        Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That((await OtpClient.ReadJson(lowerCase))["recoveryCodesRemaining"]!.GetValue<int>(), Is.EqualTo(8));
    }

    [Test]
    public async Task ReEnrollingWhilePending_ReplacesTheSecret_WhileActive_IsAConflict()
    {
        var userId = OtpClient.NewUserId();
        var first = await Totp.EnrollAppAsync(userId);
        var second = await Totp.EnrollAppAsync(userId);
        Assert.That(second.Base32Secret, Is.Not.EqualTo(first.Base32Secret));

        using (var stale = await Totp.ConfirmAsync(userId, first.CodeAt(Now)))
        {
            await ProblemAssert.IsProblem(stale, HttpStatusCode.BadRequest, "incorrect_code");
        }

        using (var confirmed = await Totp.ConfirmAsync(userId, second.CodeAt(Now)))
        {
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var again = await Totp.EnrollAsync(userId);
        await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict, "already_enrolled");
        using var confirmAgain = await Totp.ConfirmAsync(userId, second.CodeAt(Now, 1));
        await ProblemAssert.IsProblem(confirmAgain, HttpStatusCode.Conflict, "already_enrolled");
    }

    [Test]
    public async Task Delete_IsIdempotent_AndAfterItEverythingIsNotEnrolled()
    {
        var userId = OtpClient.NewUserId();
        var (app, codes) = await Totp.ActivateAsync(userId, Now);

        using (var deleted = await Totp.Http.DeleteAsync($"/totp/{userId}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using (var again = await Totp.Http.DeleteAsync($"/totp/{userId}"))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        using var verify = await Totp.VerifyAsync(userId, app.CodeAt(Now));
        await ProblemAssert.IsProblem(verify, HttpStatusCode.NotFound, "not_enrolled");
        using var recover = await Totp.RecoverAsync(userId, codes[0]);
        await ProblemAssert.IsProblem(recover, HttpStatusCode.NotFound, "not_enrolled");
        using var status = await Totp.Http.GetAsync($"/totp/{userId}");
        await ProblemAssert.IsProblem(status, HttpStatusCode.NotFound, "not_enrolled");
        using var confirm = await Totp.ConfirmAsync(userId, app.CodeAt(Now));
        await ProblemAssert.IsProblem(confirm, HttpStatusCode.NotFound, "not_enrolled");
    }

    [Test]
    public async Task AUnconfirmedEnrolment_CannotVerify()
    {
        var userId = OtpClient.NewUserId();
        var app = await Totp.EnrollAppAsync(userId);

        using var verify = await Totp.VerifyAsync(userId, app.CodeAt(Now));

        await ProblemAssert.IsProblem(verify, HttpStatusCode.NotFound, "not_enrolled");
    }

    [Test]
    public async Task Confirm_TakesEitherScope_VerifyNeedsVerify_EnrollNeedsSend()
    {
        var userId = OtpClient.NewUserId();
        var app = await TotpClient.For(App, TestApiKeys.SendOnly).EnrollAppAsync(userId);

        using (var enrollByVerifier = await TotpClient.For(App, TestApiKeys.VerifyOnly).EnrollAsync(OtpClient.NewUserId()))
        {
            await ProblemAssert.IsProblem(enrollByVerifier, HttpStatusCode.Forbidden, "forbidden");
        }

        using (var confirmBySender = await TotpClient.For(App, TestApiKeys.SendOnly).ConfirmAsync(userId, app.CodeAt(Now)))
        {
            Assert.That(confirmBySender.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the send-only key of the same tenant");
        }

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        using (var verifyBySender = await TotpClient.For(App, TestApiKeys.SendOnly).VerifyAsync(userId, app.CodeAt(Now)))
        {
            await ProblemAssert.IsProblem(verifyBySender, HttpStatusCode.Forbidden, "forbidden");
        }

        using var verifyByVerifier = await TotpClient.For(App, TestApiKeys.VerifyOnly).VerifyAsync(userId, app.CodeAt(Now));
        Assert.That(verifyByVerifier.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var statusByVerifier = await TotpClient.For(App, TestApiKeys.VerifyOnly).Http.GetAsync($"/totp/{userId}");
        await ProblemAssert.IsProblem(statusByVerifier, HttpStatusCode.Forbidden, "forbidden");
    }

    [TestCase("/totp/enroll", """{"userId":""}""", "userId")]
    [TestCase("/totp/enroll", """{"userId":"u","issuer":"A:B"}""", "issuer")]
    [TestCase("/totp/enroll", """{"userId":"u","accountName":"a:b"}""", "accountName")]
    [TestCase("/totp/verify", """{"userId":"u","code":"12345"}""", "code")]
    [TestCase("/totp/verify", """{"userId":"u","code":"١٢٣٤٥٦"}""", "code")]
    [TestCase("/totp/verify", """{"code":"123456"}""", "userId")]
    [TestCase("/totp/confirm", """{"userId":"u"}""", "code")]
    [TestCase("/totp/recover", """{"userId":"u","recoveryCode":"short"}""", "recoveryCode")]
    [TestCase("/totp/recover", """{"userId":"u","recoveryCode":"ABCDE-FGHJKABCDE-FGHJKABCDE-FGHJK"}""", "recoveryCode")]
    public async Task BadInput_IsAValidationProblem_NamingTheField(string path, string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Totp.Http.PostAsync(path, content);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [TestCase("/totp/verify", "[]")]
    [TestCase("/totp/verify", """{"userId":1,"code":"123456"}""")]
    [TestCase("/totp/enroll", "{")]
    [TestCase("/totp/recover", """{"userId":"u","recoveryCode":null,"recoveryCode":"x"}""")]
    public async Task AnUnreadableBody_IsA400_NeverA5xx(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Totp.Http.PostAsync(path, content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Test]
    public async Task ATooLongUserIdInThePath_IsAValidationProblem()
    {
        using var status = await Totp.Http.GetAsync("/totp/" + new string('u', 129));
        await ProblemAssert.IsProblem(status, HttpStatusCode.BadRequest, "validation_failed");
        using var delete = await Totp.Http.DeleteAsync("/totp/" + new string('u', 129));
        await ProblemAssert.IsProblem(delete, HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<JsonNode> ReadStatus(string userId)
    {
        using var response = await Totp.Http.GetAsync($"/totp/{userId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await OtpClient.ReadJson(response);
    }

    /// <summary>A code that is none of the codes within two steps of now.</summary>
    private string WrongCode(Authenticator app)
    {
        var taken = Enumerable.Range(-2, 5).Select(offset => app.CodeAt(Now, offset)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(code => !taken.Contains(code));
    }
}
