using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Three service instances on one Redis key space, requests spread round-robin: attempt counting, single use and the
/// resend cooldown hold exactly as with one instance.
/// </summary>
public sealed class MultiReplicaTests
{
    private readonly List<SecureOtpApp> replicas = [];
    private OtpClient[] clients = [];

    [OneTimeSetUp]
    public void StartReplicas()
    {
        var settings = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = "mr" + Guid.NewGuid().ToString("N")[..10] };
        var clock = SecureOtpApp.NewClock();
        for (var i = 0; i < 3; i++)
        {
            replicas.Add(new SecureOtpApp(StoreKind.Redis, settings, clock: clock));
        }

        clients = [.. replicas.Select(r => OtpClient.For(r))];
    }

    [OneTimeTearDown]
    public void StopReplicas() => replicas.ForEach(r => r.Dispose());

    [Test]
    public async Task ConcurrentWrongGuessesOverThreeReplicas_CountExactlyMaxAttempts()
    {
        var userId = OtpClient.NewUserId();
        var id = await clients[0].StartAsync(userId);
        var wrong = OtpClient.WrongCode(await clients[0].ReadCodeAsync(id));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 201).Select(async i =>
        {
            using var response = await clients[i % 3].VerifyAsync(id, wrong, userId);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.BadRequest), Is.EqualTo(5));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Gone), Is.EqualTo(196));
    }

    [Test]
    public async Task ConcurrentCorrectCodesOverThreeReplicas_ApproveExactlyOnce()
    {
        var userId = OtpClient.NewUserId();
        var id = await clients[1].StartAsync(userId);
        var code = await clients[1].ReadCodeAsync(id);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var response = await clients[i % 3].VerifyAsync(id, code, userId);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.NotFound), Is.EqualTo(59));
    }

    [Test]
    public async Task ConcurrentSendsForOneUserOverThreeReplicas_IssueOneCode()
    {
        var userId = OtpClient.NewUserId();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            using var response = await clients[i % 3].SendAsync(userId);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.Accepted), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(29));
    }
}
