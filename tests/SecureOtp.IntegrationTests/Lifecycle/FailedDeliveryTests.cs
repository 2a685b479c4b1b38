using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Sms;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>A text that could not go out leaves no live code behind and costs the user no cooldown.</summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class FailedDeliveryTests(StoreKind store)
{
    [Test]
    public async Task SmsFailure_Returns503_LeavesNoCode_AndAllowsImmediateRetry()
    {
        var sender = new SwitchableSender();
        using var app = new SecureOtpApp(store)
        {
            TestServices = services => services.AddSingleton<ISmsSender>(sender),
        };
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();

        sender.Down = true;
        using var failed = await client.SendAsync(userId);
        var problem = await ProblemAssert.IsProblem(failed, HttpStatusCode.ServiceUnavailable, "sms_unavailable");
        Assert.That(failed.Headers.RetryAfter, Is.Not.Null);
        Assert.That(problem.ToJsonString(), Does.Not.Contain("verificationId"));
        if (store == StoreKind.Redis)
        {
            using var redis = RedisSetUp.Server.Connect();
            var keys = redis.GetServer(RedisSetUp.Server.Configuration).Keys(pattern: app.KeyPrefix + "*").ToArray();
            Assert.That(keys, Is.Empty, "neither the undelivered code nor its cooldown may remain");
        }

        sender.Down = false;
        using var retried = await client.SendAsync(userId);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "our failure must not put the user in a cooldown");
        var liveId = (await OtpClient.ReadJson(retried))["verificationId"]!.GetValue<string>();
        var code = System.Text.RegularExpressions.Regex.Match(sender.Last!.Text, "[0-9]{6}").Value;
        using var ok = await client.VerifyAsync(liveId, code, userId);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private sealed class SwitchableSender : ISmsSender
    {
        public volatile bool Down;

        public SmsMessage? Last { get; private set; }

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            Last = message;
            return Task.FromResult(Down ? new SmsSendResult.Unavailable(TimeSpan.FromSeconds(7), "test outage") : SmsSendResult.Accepted);
        }
    }
}
