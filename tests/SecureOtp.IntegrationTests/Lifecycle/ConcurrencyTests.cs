using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Attempt counting and single use hold under concurrency, because checking, counting, locking and consuming are one
/// atomic store operation. Run against real Redis and the in-process store.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class ConcurrencyTests(StoreKind store) : PerStoreFixture(store)
{
    [Test]
    public async Task TwoHundredConcurrentWrongGuesses_CountExactlyMaxAttempts()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var wrong = OtpClient.WrongCode(await Client.ReadCodeAsync(id));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await Client.VerifyAsync(id, wrong, userId);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.BadRequest), Is.EqualTo(5), "exactly maxAttempts guesses were counted");
        Assert.That(statuses.Count(s => s == HttpStatusCode.Gone), Is.EqualTo(195), "every other guess met a locked verification");
        using var status = await Client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["status"]!.GetValue<string>(), Is.EqualTo("locked"));
    }

    [Test]
    public async Task FiftyConcurrentCorrectSubmissions_ApproveExactlyOnce()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await Client.VerifyAsync(id, code, userId);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.NotFound), Is.EqualTo(49));
    }

    [Test]
    public async Task ConcurrentSendsForOneUser_IssueExactlyOneCode()
    {
        var userId = OtpClient.NewUserId();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await Client.SendAsync(userId);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.Accepted), Is.EqualTo(1), "the cooldown admits one send");
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(19));
    }
}
