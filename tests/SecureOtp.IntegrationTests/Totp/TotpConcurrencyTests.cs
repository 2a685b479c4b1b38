using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>
/// A time step is accepted once, and failures are counted exactly, however many requests race: the replay check, the
/// attempt count and the lock are one atomic store step.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TotpConcurrencyTests(StoreKind store) : PerStoreFixture(store)
{
    [Test]
    public async Task FiftyConcurrentRightCodes_ApproveExactlyOnce_TheRestAreAlreadyUsed()
    {
        var totp = TotpClient.For(App);
        var userId = OtpClient.NewUserId();
        var (app, _) = await totp.ActivateAsync(userId, App.Clock.GetUtcNow());
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = app.CodeAt(App.Clock.GetUtcNow());

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await totp.VerifyAsync(userId, code);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(49));
    }

    [Test]
    public async Task FiftyConcurrentWrongCodes_CountExactlyMaxAttempts_ThenLock()
    {
        var totp = TotpClient.For(App);
        var userId = OtpClient.NewUserId();
        var (app, _) = await totp.ActivateAsync(userId, App.Clock.GetUtcNow());
        var now = App.Clock.GetUtcNow();
        var taken = Enumerable.Range(-2, 5).Select(offset => app.CodeAt(now, offset)).ToHashSet();
        var wrong = Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(code => !taken.Contains(code));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await totp.VerifyAsync(userId, wrong);
            return response.StatusCode;
        }));

        Assert.That(statuses.Count(s => s == HttpStatusCode.BadRequest), Is.EqualTo(5), "exactly Totp:MaxAttempts were counted");
        Assert.That(statuses.Count(s => s == HttpStatusCode.Gone), Is.EqualTo(45));
    }
}
