using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>Redis down: every TOTP operation answers 503 store_unavailable, as SMS does, never a 500 or a hang.</summary>
public sealed class TotpStoreOutageTests
{
    [Test]
    public async Task WithRedisDown_EveryOperationIsStoreUnavailable()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, redisConfiguration: $"127.0.0.1:{LoopbackPorts.Free()}");
        var totp = TotpClient.For(app);

        using var enroll = await totp.EnrollAsync("u-outage");
        using var confirm = await totp.ConfirmAsync("u-outage", "123456");
        using var verify = await totp.VerifyAsync("u-outage", "123456");
        using var recover = await totp.RecoverAsync("u-outage", "ABCDE-FGHJK");
        using var status = await totp.Http.GetAsync("/totp/u-outage");
        using var delete = await totp.Http.DeleteAsync("/totp/u-outage");

        foreach (var response in new[] { enroll, confirm, verify, recover, status, delete })
        {
            await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        }
    }
}
