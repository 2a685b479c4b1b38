using System.Buffers.Text;
using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Tenancy;

/// <summary>
/// Issue 13, finding 1: API clients are tenants. A verification is visible only to its own tenant — any other client
/// gets exactly what an unknown id gets, and nothing changes — and one user id in two tenants is two users: codes,
/// cooldowns and the failed-verify cap are not shared. Run against every store.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class TenantIsolationTests(StoreKind store) : PerStoreFixture(store)
{
    private OtpClient Stranger => OtpClient.For(App, TestApiKeys.OtherTenant);

    [Test]
    public async Task AnotherTenantsVerifyOnlyKey_CannotVerifyTheCode_AndSpendsNoAttempt()
    {
        var userId = OtpClient.NewUserId();
        var id = await OtpClient.For(App, TestApiKeys.SendOnly).StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        using var right = await OtpClient.For(App, TestApiKeys.OtherTenantVerifyOnly).VerifyAsync(id, code, userId);
        var problem = await ProblemAssert.IsProblem(right, HttpStatusCode.NotFound, "verification_not_found");
        Assert.That(problem.ToJsonString(), Does.Not.Contain(userId));
        using var wrong = await OtpClient.For(App, TestApiKeys.OtherTenantVerifyOnly).VerifyAsync(id, OtpClient.WrongCode(code), userId);
        await ProblemAssert.IsProblem(wrong, HttpStatusCode.NotFound, "verification_not_found");

        using var status = await OtpClient.For(App, TestApiKeys.SendOnly).Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(5), "no attempt was counted");
        using var owner = await OtpClient.For(App, TestApiKeys.VerifyOnly).VerifyAsync(id, code, userId);
        Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the owner's verify key (same tenant) still approves");
    }

    [Test]
    public async Task AnotherTenant_GetsNotFoundForTheStatus_AndItsCancelChangesNothing()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);

        using var status = await Stranger.Http.GetAsync($"/otp/{id}");
        await ProblemAssert.IsProblem(status, HttpStatusCode.NotFound, "verification_not_found");
        using var unknown = await Stranger.Http.GetAsync("/otp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.That(await WithoutTraceId(status), Is.EqualTo(await WithoutTraceId(unknown)), "the same answer as an unknown id");

        using var cancelled = await Stranger.Http.DeleteAsync($"/otp/{id}");
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "as for any id: cancel is idempotent");
        using var verified = await Client.VerifyAsync(id, await Client.ReadCodeAsync(id), userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the stranger's cancel removed nothing");
    }

    /// <summary>Issue 21: a stranger's cancel of the owner's id wrote "OTP cancelled: client=other user=&lt;the owner's tag&gt;",
    /// an audit line saying something happened that did not, naming another tenant's user.</summary>
    [Test]
    public async Task AnotherTenantsCancel_IsAuditedAsCancellingNothing_WithoutTheOwnersUserTag()
    {
        var id = await Client.StartAsync(OtpClient.NewUserId());
        var ownersTag = Base64Url.EncodeToString(Base64Url.DecodeFromChars(id).AsSpan(0, 8));

        using (var cancelled = await Stranger.Http.DeleteAsync($"/otp/{id}"))
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var strangers = LinesOf("other");
        Assert.That(strangers, Has.None.Contains(ownersTag), "the stranger's lines name none of the owner's users");
        Assert.That(strangers, Has.None.Contains("OTP cancelled"));
        Assert.That(strangers, Has.Some.StartsWith("OTP cancel changed nothing"));

        using (var own = await Client.Http.DeleteAsync($"/otp/{id}"))
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(LinesOf("full"), Has.Some.EqualTo($"OTP cancelled: client=full user={ownersTag}"), "the owner's cancel is audited as one");
    }

    /// <summary>Issue 21, as 5b for cancel: a stranger's verify of the owner's id wrote the owner's user tag into the
    /// stranger's audit line ("verify outcome: client=other user=&lt;the owner's tag&gt; outcome=not_found").</summary>
    [Test]
    public async Task AnotherTenantsVerify_NamesNoneOfTheOwnersUsers_InItsAuditLine()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var ownersTag = Base64Url.EncodeToString(Base64Url.DecodeFromChars(id).AsSpan(0, 8));
        var code = await Client.ReadCodeAsync(id);

        using (var verified = await OtpClient.For(App, TestApiKeys.OtherTenantVerifyOnly).VerifyAsync(id, code, userId))
        {
            await ProblemAssert.IsProblem(verified, HttpStatusCode.NotFound, "verification_not_found");
        }

        Assert.That(LinesOf("other-verifier"), Is.Not.Empty, "the stranger's verify is audited");
        Assert.That(LinesOf("other-verifier"), Has.None.Contains(ownersTag), "the stranger's lines name none of the owner's users");

        using (var own = await Client.VerifyAsync(id, OtpClient.WrongCode(code), userId))
        {
            await ProblemAssert.IsProblem(own, HttpStatusCode.BadRequest, "incorrect_code");
        }

        Assert.That(LinesOf("full"), Has.Some.Contains($"user={ownersTag}"), "the owner's own verify still names its user");
    }

    [Test]
    public async Task SameUserIdInAnotherTenant_NeitherWaitsForNorCancelsTheFirstTenantsCode()
    {
        var userId = OtpClient.NewUserId();
        var id = await Client.StartAsync(userId);
        var code = await Client.ReadCodeAsync(id);

        var strangersId = await Stranger.StartAsync(userId); // at once: the first tenant's cooldown is not the stranger's
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await Stranger.StartAsync(userId); // a resend in the other tenant

        using var verified = await Client.VerifyAsync(id, code, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the other tenant's sends did not cancel this code");
        Assert.That(strangersId, Is.Not.EqualTo(id));
    }

    [Test]
    public async Task WrongGuessesInOneTenant_DoNotFillTheFailedVerifyCapOfTheSameUserIdInAnother()
    {
        using var app = new SecureOtpApp(Store, new Dictionary<string, string?> { ["Limits:FailedVerifiesPerUserPerDay"] = "3" });
        var (victim, attacker) = (OtpClient.For(app, TestApiKeys.OtherTenant), OtpClient.For(app));
        const string userId = "alice";
        var attackersId = await attacker.StartAsync(userId);
        var wrong = OtpClient.WrongCode(await attacker.ReadCodeAsync(attackersId));
        for (var i = 0; i < 4; i++)
        {
            using (await attacker.VerifyAsync(attackersId, wrong, userId))
            {
            }
        }

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var id = await victim.StartAsync(userId);
        using var verified = await victim.VerifyAsync(id, await victim.ReadCodeAsync(id), userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
    }

    /// <summary>Finding 9: the routing bytes of an id (its first 8 bytes, ~11 characters) were the same for one user id
    /// under every client, so they linked one person's sends across applications.</summary>
    [Test]
    public async Task SameUserIdInTwoTenants_GetsIdsWithDifferentRoutingTags()
    {
        var userId = OtpClient.NewUserId();
        var mine = await Client.StartAsync(userId, purpose: "login");
        var again = await Client.StartAsync(userId, purpose: "payment");
        var theirs = await Stranger.StartAsync(userId, purpose: "login");

        Assert.That(RoutingTag(again), Is.EqualTo(RoutingTag(mine)), "one user in one tenant: one slot");
        Assert.That(RoutingTag(theirs), Is.Not.EqualTo(RoutingTag(mine)));
    }

    /// <summary>What the app logged for <paramref name="client"/> so far.</summary>
    private List<string> LinesOf(string client) =>
        [.. App.Logs.GetSnapshot().Select(r => r.Message).Where(m => m.Contains($"client={client}", StringComparison.Ordinal))];

    /// <summary>The problem body without its per-request trace id.</summary>
    private static async Task<string> WithoutTraceId(HttpResponseMessage response)
    {
        var problem = (System.Text.Json.Nodes.JsonObject)await OtpClient.ReadJson(response);
        problem.Remove("traceId");
        return problem.ToJsonString();
    }

    private static string RoutingTag(string verificationId) => Convert.ToHexString(Base64Url.DecodeFromChars(verificationId).AsSpan(0, 8));
}
