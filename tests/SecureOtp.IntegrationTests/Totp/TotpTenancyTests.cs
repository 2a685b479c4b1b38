using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>
/// Tenancy as for SMS: another client's user of the same id is another user. A stranger can neither verify, read,
/// delete nor lock out the owner's enrolment, nor spend its recovery codes; its own enrolment of the same id is its own.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TotpTenancyTests(StoreKind store) : PerStoreFixture(store)
{
    private TotpClient Owner => TotpClient.For(App);

    private TotpClient Stranger => TotpClient.For(App, TestApiKeys.OtherTenant);

    private DateTimeOffset Now => App.Clock.GetUtcNow();

    [Test]
    public async Task AStranger_CannotVerifyGetDeleteOrRecover_TheOwnersEnrolment()
    {
        var userId = OtpClient.NewUserId();
        var (app, codes) = await Owner.ActivateAsync(userId, Now);
        App.Clock.Advance(TimeSpan.FromSeconds(30));

        using (var verify = await TotpClient.For(App, TestApiKeys.OtherTenantVerifyOnly).VerifyAsync(userId, app.CodeAt(Now)))
        {
            await ProblemAssert.IsProblem(verify, HttpStatusCode.NotFound, "not_enrolled");
        }

        using (var status = await Stranger.Http.GetAsync($"/totp/{userId}"))
        {
            await ProblemAssert.IsProblem(status, HttpStatusCode.NotFound, "not_enrolled");
        }

        using (var recover = await Stranger.RecoverAsync(userId, codes[0]))
        {
            await ProblemAssert.IsProblem(recover, HttpStatusCode.NotFound, "not_enrolled");
        }

        using (var delete = await Stranger.Http.DeleteAsync($"/totp/{userId}"))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "idempotent, as for anyone");
        }

        using var owner = await Owner.VerifyAsync(userId, app.CodeAt(Now));
        Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.OK), "nothing of the owner's changed");
        using var ownerRecover = await Owner.RecoverAsync(userId, codes[0]);
        Assert.That((await OtpClient.ReadJson(ownerRecover))["recoveryCodesRemaining"]!.GetValue<int>(), Is.EqualTo(9));
    }

    [Test]
    public async Task AStrangersWrongCodes_DoNotLockTheOwnerOut()
    {
        var userId = OtpClient.NewUserId();
        var (app, _) = await Owner.ActivateAsync(userId, Now);
        var (theirs, _) = await Stranger.ActivateAsync(userId, Now);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var taken = Enumerable.Range(-1, 3).Select(offset => theirs.CodeAt(Now, offset)).ToHashSet();
        var wrong = Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(code => !taken.Contains(code));

        for (var i = 0; i < 6; i++)
        {
            using var refused = await Stranger.VerifyAsync(userId, wrong);
            Assert.That((int)refused.StatusCode, Is.AnyOf(400, 410), "the stranger locks only its own user");
        }

        using var owner = await Owner.VerifyAsync(userId, app.CodeAt(Now));
        Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheSameUserIdInTwoTenants_HasTwoSecrets_AndEachTenantsCodeWorksOnlyThere()
    {
        var userId = OtpClient.NewUserId();
        var (mine, _) = await Owner.ActivateAsync(userId, Now);
        var (theirs, _) = await Stranger.ActivateAsync(userId, Now);
        Assert.That(theirs.Base32Secret, Is.Not.EqualTo(mine.Base32Secret));
        App.Clock.Advance(TimeSpan.FromSeconds(30));

        using var crossed = await Stranger.VerifyAsync(userId, mine.CodeAt(Now));
        Assert.That(crossed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the owner's code is wrong for the stranger's user");
        using var own = await Owner.VerifyAsync(userId, mine.CodeAt(Now));
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
