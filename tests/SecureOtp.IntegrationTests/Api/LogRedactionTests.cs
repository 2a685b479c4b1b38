using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>Logs never contain a code, a full phone number, a user id, an API key or a hash secret.</summary>
public sealed class LogRedactionTests
{
    [Test]
    public async Task FullLifecycle_LogsNoSecretsOrPersonalData()
    {
        using var app = new SecureOtpApp(StoreKind.Redis);
        var client = OtpClient.For(app);
        const string userId = "bob.secret-user@example.com";
        const string phone = "+33612345678";

        var id = await client.StartAsync(userId, phone);
        var code = await client.ReadCodeAsync(id);
        using (await client.VerifyAsync(id, OtpClient.WrongCode(code), userId))
        using (await client.VerifyAsync(id, code, userId))
        using (await OtpClient.For(app, "an-unknown-api-key-value").SendAsync(userId, phone))
        {
        }

        var logs = app.LogText();
        Assert.That(logs, Does.Contain("Audit send"), "the test must actually see the service's log lines");
        Assert.That(logs, Does.Contain("+*********78"), "phones appear masked to their last 2 digits");
        foreach (var secret in new[] { code, phone, phone[1..], userId, TestApiKeys.Full, "an-unknown-api-key-value", "AQIDBAUGBwgJ", SecureOtpApp.PseudonymKey[..12] })
        {
            Assert.That(logs, Does.Not.Contain(secret), $"logs contain '{secret}'");
        }
    }
}
