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

    /// <summary>
    /// Issue 21: the docs say 1-128 characters, the code counted UTF-16 units, so 128 emoji (256 units) were refused.
    /// A character is a Unicode scalar value, for both factors.
    /// </summary>
    [Test]
    public async Task UserIdOf128Emoji_WorksForBothFactors_And129AreRefused()
    {
        using var app = new SecureOtpApp(store);
        var otp = OtpClient.For(app);
        var totp = TotpClient.For(app);
        var emoji128 = string.Concat(Enumerable.Repeat("\U0001F600", 128));

        var id = await otp.StartAsync(emoji128);
        using var approved = await otp.VerifyAsync(id, await otp.ReadCodeAsync(id), emoji128);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        using var enrolled = await totp.EnrollAsync(emoji128);
        Assert.That(enrolled.StatusCode, Is.EqualTo(HttpStatusCode.Created), await enrolled.Content.ReadAsStringAsync());

        using var longSend = await otp.SendAsync(emoji128 + "x");
        await ProblemAssert.IsProblem(longSend, HttpStatusCode.BadRequest, "validation_failed");
        using var longEnrol = await totp.EnrollAsync(emoji128 + "x");
        await ProblemAssert.IsProblem(longEnrol, HttpStatusCode.BadRequest, "validation_failed");
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
