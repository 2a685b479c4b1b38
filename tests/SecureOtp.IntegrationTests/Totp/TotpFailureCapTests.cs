using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>
/// The failed-verify cap per user (NIST: 100 a day) is one cap for both factors: SMS and TOTP failures count together,
/// and at the cap TOTP verify refuses with 429 as SMS verify does.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TotpFailureCapTests(StoreKind store)
{
    [Test]
    public async Task SmsAndTotpFailures_ShareTheCap_AndAtTheCapTotpVerifyIsRateLimited()
    {
        using var app = new SecureOtpApp(store, new Dictionary<string, string?> { ["Limits:FailedVerifiesPerUserPerDay"] = "3" });
        var sms = OtpClient.For(app);
        var totp = TotpClient.For(app);
        var userId = OtpClient.NewUserId();
        var (authenticator, _) = await totp.ActivateAsync(userId, app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var id = await sms.StartAsync(userId);
        var smsCode = await sms.ReadCodeAsync(id);
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await sms.VerifyAsync(id, OtpClient.WrongCode(smsCode), userId);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        var now = app.Clock.GetUtcNow();
        using (var totpWrong = await totp.VerifyAsync(userId, authenticator.CodeAt(now, 5)))
        {
            Assert.That(totpWrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the third failure, by TOTP");
        }

        using var capped = await totp.VerifyAsync(userId, authenticator.CodeAt(now));
        var problem = await ProblemAssert.IsProblem(capped, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("user_failed_verifies_per_day"));
        Assert.That(capped.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        using var smsCapped = await sms.VerifyAsync(id, smsCode, userId);
        await ProblemAssert.IsProblem(smsCapped, HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
