using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Rotating the hash secret: codes issued under the old key id keep verifying after the active key changes, for as long
/// as the old key stays configured. Two service instances share one Redis key space, as two deployments in a rollout would.
/// </summary>
public sealed class KeyRotationTests
{
    private const string OldKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private const string NewKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    [Test]
    public async Task CodeIssuedUnderOldKey_VerifiesAfterRotation_UntilTheOldKeyIsRemoved()
    {
        var prefix = "rot" + Guid.NewGuid().ToString("N")[..10];
        using var before = new SecureOtpApp(StoreKind.Redis, Settings(prefix, active: "k1", ("k1", OldKey)));
        using var after = new SecureOtpApp(StoreKind.Redis, Settings(prefix, active: "k2", ("k1", OldKey), ("k2", NewKey)));
        using var retired = new SecureOtpApp(StoreKind.Redis, Settings(prefix, active: "k2", ("k2", NewKey)));

        var oldClient = OtpClient.For(before);
        var first = await oldClient.StartAsync(OtpClient.NewUserId());
        var second = await oldClient.StartAsync(OtpClient.NewUserId());

        using var verifiedAfterRotation = await OtpClient.For(after).VerifyAsync(first, await oldClient.ReadCodeAsync(first));
        Assert.That(verifiedAfterRotation.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OtpClient.ReadJson(verifiedAfterRotation))["userId"], Is.Not.Null, "the sealed user id opens under the old key");

        using var verifiedAfterRemoval = await OtpClient.For(retired).VerifyAsync(second, await oldClient.ReadCodeAsync(second));
        await ProblemAssert.IsProblem(verifiedAfterRemoval, HttpStatusCode.NotFound, "verification_not_found");
        Assert.That(retired.LogText(), Does.Contain("k1"), "the operator is told which key id is missing");

        var newClient = OtpClient.For(after);
        var fresh = await newClient.StartAsync(OtpClient.NewUserId());
        using var verifiedNew = await OtpClient.For(retired).VerifyAsync(fresh, await newClient.ReadCodeAsync(fresh));
        Assert.That(verifiedNew.StatusCode, Is.EqualTo(HttpStatusCode.OK), "new codes use the new key");
    }

    private static Dictionary<string, string?> Settings(string prefix, string active, params (string Id, string Secret)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = prefix,
            ["Otp:ActiveHashKeyId"] = active,
        };
        foreach (var (id, secret) in keys)
        {
            settings[$"Otp:HashKeys:{id}"] = secret;
        }

        return settings;
    }
}
