using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Rotating the hash secret: codes issued under the old key id keep verifying after the active key changes, for as long
/// as the old key stays configured; and since user tags and limit keys come from Otp:PseudonymKey, not from the code
/// keys, a rotation neither resets a limit nor leaves a user two live codes. Service instances share one Redis key space
/// (and one clock), as the deployments before and after a rollout would.
/// </summary>
public sealed class KeyRotationTests : AppsPerTest
{
    private const string OldKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private const string NewKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    [Test]
    public async Task CodeIssuedUnderOldKey_VerifiesAfterRotation_UntilTheOldKeyIsRemoved()
    {
        var (before, after, retired) = Rollout();

        var oldClient = OtpClient.For(before);
        var (firstUser, secondUser) = (OtpClient.NewUserId(), OtpClient.NewUserId());
        var first = await oldClient.StartAsync(firstUser);
        var second = await oldClient.StartAsync(secondUser);

        using var verifiedAfterRotation = await OtpClient.For(after).VerifyAsync(first, await oldClient.ReadCodeAsync(first), firstUser);
        Assert.That(verifiedAfterRotation.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OtpClient.ReadJson(verifiedAfterRotation))["userId"], Is.Not.Null, "the sealed user id opens under the old key");

        using var verifiedAfterRemoval = await OtpClient.For(retired).VerifyAsync(second, await oldClient.ReadCodeAsync(second), secondUser);
        await ProblemAssert.IsProblem(verifiedAfterRemoval, HttpStatusCode.NotFound, "verification_not_found");
        Assert.That(retired.LogText(), Does.Contain("k1"), "the operator is told which key id is missing");

        var newClient = OtpClient.For(after);
        var freshUser = OtpClient.NewUserId();
        var fresh = await newClient.StartAsync(freshUser);
        using var verifiedNew = await OtpClient.For(retired).VerifyAsync(fresh, await newClient.ReadCodeAsync(fresh), freshUser);
        Assert.That(verifiedNew.StatusCode, Is.EqualTo(HttpStatusCode.OK), "new codes use the new key");
    }

    /// <summary>Issue 13, finding 6: the limit keys were derived from the active code key, so a rotation gave every
    /// phone a fresh hourly budget.</summary>
    [Test]
    public async Task Rotation_KeepsThePerPhoneLimit()
    {
        var (before, after, _) = Rollout(new() { ["Limits:SendsPerPhonePerHour"] = "2", ["Otp:ResendCooldown"] = "00:00:00" });
        var phone = OtpClient.NewPhone();
        await OtpClient.For(before).StartAsync(OtpClient.NewUserId(), phone);
        await OtpClient.For(before).StartAsync(OtpClient.NewUserId(), phone);

        using var afterRotation = await OtpClient.For(after).SendAsync(OtpClient.NewUserId(), phone);
        var problem = await ProblemAssert.IsProblem(afterRotation, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("phone_per_hour"));
    }

    /// <summary>The failed-verify log lives under the user's tag: when the tag followed the code key, a new code sent
    /// after the rotation started the user's NIST count from zero.</summary>
    [Test]
    public async Task Rotation_KeepsTheFailedVerifyCap()
    {
        var (before, after, _) = Rollout(new() { ["Limits:FailedVerifiesPerUserPerDay"] = "3" });
        var userId = OtpClient.NewUserId();
        var oldClient = OtpClient.For(before);
        var id = await oldClient.StartAsync(userId);
        var wrong = OtpClient.WrongCode(await oldClient.ReadCodeAsync(id));
        for (var i = 0; i < 3; i++)
        {
            using var guessed = await oldClient.VerifyAsync(id, wrong, userId);
            await ProblemAssert.IsProblem(guessed, HttpStatusCode.BadRequest, "incorrect_code");
        }

        before.Clock.Advance(TimeSpan.FromSeconds(30));
        var newClient = OtpClient.For(after);
        var fresh = await newClient.StartAsync(userId);
        using var capped = await newClient.VerifyAsync(fresh, await newClient.ReadCodeAsync(fresh), userId);
        var problem = await ProblemAssert.IsProblem(capped, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("user_failed_verifies_per_day"));
    }

    /// <summary>A resend replaces the user's live code for the purpose; under a code-key-derived tag the resend under the
    /// new key went to another record and the old code stayed live until it expired (the README's old caveat).</summary>
    [Test]
    public async Task ResendUnderTheNewKey_CancelsTheCodeIssuedUnderTheOldKey()
    {
        var (before, after, _) = Rollout();
        var userId = OtpClient.NewUserId();
        var oldClient = OtpClient.For(before);
        var oldId = await oldClient.StartAsync(userId);
        var oldCode = await oldClient.ReadCodeAsync(oldId);

        before.Clock.Advance(TimeSpan.FromSeconds(30));
        var newClient = OtpClient.For(after);
        var newId = await newClient.StartAsync(userId);

        using var old = await newClient.VerifyAsync(oldId, oldCode, userId);
        await ProblemAssert.IsProblem(old, HttpStatusCode.NotFound, "verification_not_found");
        using var fresh = await newClient.VerifyAsync(newId, await newClient.ReadCodeAsync(newId), userId);
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Three deployments on one Redis key space and one clock: before (k1), during (k2 active, k1 kept) and
    /// after the rotation (k1 removed).</summary>
    private (SecureOtpApp Before, SecureOtpApp After, SecureOtpApp Retired) Rollout(Dictionary<string, string?>? extra = null)
    {
        var prefix = "rot" + Guid.NewGuid().ToString("N")[..10];
        var clock = SecureOtpApp.NewClock();
        SecureOtpApp App(string active, params (string Id, string Secret)[] keys)
        {
            var settings = new Dictionary<string, string?>(extra ?? []) { ["Redis:KeyPrefix"] = prefix, ["Otp:ActiveHashKeyId"] = active };
            foreach (var (id, secret) in keys)
            {
                settings[$"Otp:HashKeys:{id}"] = secret;
            }

            return Track(new SecureOtpApp(StoreKind.Redis, settings, clock: clock));
        }

        return (App("k1", ("k1", OldKey)), App("k2", ("k1", OldKey), ("k2", NewKey)), App("k2", ("k2", NewKey)));
    }
}
