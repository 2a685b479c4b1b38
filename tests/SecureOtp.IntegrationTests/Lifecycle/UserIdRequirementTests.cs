using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 13, finding 7: a verify without <c>userId</c> approved, so a relying app that took the verification id from the
/// browser and forgot the binding approved an attacker's own code for the victim's session. The binding is required
/// unless <c>Otp:RequireUserId=false</c> says otherwise.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
public sealed class UserIdRequirementTests(StoreKind store)
{
    [Test]
    public async Task VerifyWithoutUserId_Is400NamingUserId_AndSpendsNoAttempt()
    {
        using var app = new SecureOtpApp(store);
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        var code = await client.ReadCodeAsync(id);

        using var unbound = await client.VerifyAsync(id, code, userId: null);
        var problem = await ProblemAssert.IsProblem(unbound, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["userId"], Is.Not.Null);

        using var status = await client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(5));
        using var bound = await client.VerifyAsync(id, code, userId);
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task VerifyWithoutUserId_Approves_WhenTheBindingIsMadeOptional()
    {
        using var app = new SecureOtpApp(store, new Dictionary<string, string?> { ["Otp:RequireUserId"] = "false" });
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);

        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), userId: null);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OtpClient.ReadJson(verified))["userId"]!.GetValue<string>(), Is.EqualTo(userId), "the answer names the user");
    }
}
