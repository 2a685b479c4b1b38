using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SecureOtp.Api.Security;
using SecureOtp.Api.Totp;

namespace SecureOtp.UnitTests.Totp;

/// <summary><see cref="TotpPath"/> reads back exactly the user id its <c>Location</c> wrote, whatever the id holds.</summary>
public sealed class TotpPathTests
{
    [TestCase("org/42")]
    [TestCase("org%2F42")]
    [TestCase("%252F")]
    [TestCase("%")]
    [TestCase("a?b#c d+e")]
    [TestCase("x/../y")]
    [TestCase("ü 用户 😀")]
    public void UserId_OfItsOwnLocation_IsTheEnrolledId(string userId) =>
        Assert.That(TotpPath.UserId(WithRawTarget(TotpPath.Location(userId)), RouteValueIsNotRead), Is.EqualTo(userId));

    [TestCase("/totp/org%2F42?trace=1", "org/42")]
    [TestCase("/totp/org%252F42", "org%2F42")]
    [TestCase("http://otp.internal/totp/a%20b", "a b")]
    [TestCase("/totp/x/../y", "y")]
    [TestCase("/totp/y/", "")]
    public void UserId_IsTheRawTargetsLastSegment_DecodedOnce(string rawTarget, string userId) =>
        Assert.That(TotpPath.UserId(WithRawTarget(rawTarget), RouteValueIsNotRead), Is.EqualTo(userId));

    [Test]
    public void UserId_WithoutARawTarget_DecodesOnlyTheSlashTheServerLeftEscaped() =>
        Assert.That(TotpPath.UserId(new DefaultHttpContext(), "org%2f42%"), Is.EqualTo("org/42%"));

    [TestCase(".")]
    [TestCase("..")]
    public void Enroll_OfAUserIdNoPathCanName_IsRefused(string userId)
    {
        var parsed = TotpRequestValidation.TryParseEnroll(new ApiCaller("c", "t"), new TotpEnrollRequest(userId, null, null), "Acme", out _, out var errors);

        Assert.That(parsed, Is.False);
        Assert.That(errors.Keys, Is.EqualTo(UserIdField));
        Assert.That(TotpRequestValidation.ValidatePathUserId(userId).Keys, Is.EqualTo(UserIdField));
    }

    [TestCase("...")]
    [TestCase("./x")]
    public void Enroll_OfAUserIdWithDotsThatIsNoDotSegment_IsAccepted(string userId) =>
        Assert.That(TotpRequestValidation.TryParseEnroll(new ApiCaller("c", "t"), new TotpEnrollRequest(userId, null, null), "Acme", out _, out _), Is.True);

    private const string RouteValueIsNotRead = "route-value-is-not-read";

    private static readonly string[] UserIdField = ["userId"];

    private static DefaultHttpContext WithRawTarget(string rawTarget)
    {
        var http = new DefaultHttpContext();
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        return http;
    }
}
