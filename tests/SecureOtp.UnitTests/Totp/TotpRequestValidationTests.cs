using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.Otp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

/// <summary>
/// The <c>/totp</c> user id and label rules count characters (Unicode scalar values) as the docs say, not UTF-16 units:
/// 128 emoji are 128 characters; a lone surrogate is no character at all.
/// </summary>
public sealed class TotpRequestValidationTests
{
    private static readonly string Emoji128 = RequestValidationSendTests.Emoji128;

    // Built in code, not attributes: attribute strings cannot hold a lone surrogate.
    private static readonly object[] RejectedUserIds = [Emoji128 + "😀", Emoji128 + "x", Emoji128[..^1], "\uDE00\uD83D", "a\uD800"];

    private static readonly string[] OnlyUserId = ["userId"];

    [Test]
    public void EveryEndpoint_TakesAUserIdOf128Emoji()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Enroll(Emoji128), Is.Empty);
            Assert.That(Code(Emoji128), Is.Empty);
            Assert.That(Recover(Emoji128), Is.Empty);
            Assert.That(TotpRequestValidation.ValidatePathUserId(Emoji128), Is.Empty);
        });
    }

    [TestCaseSource(nameof(RejectedUserIds))]
    public void EveryEndpoint_RefusesA129thCharacterOrALoneSurrogate(string userId)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Enroll(userId).Keys, Is.EqualTo(OnlyUserId));
            Assert.That(Code(userId).Keys, Is.EqualTo(OnlyUserId));
            Assert.That(Recover(userId).Keys, Is.EqualTo(OnlyUserId));
            Assert.That(TotpRequestValidation.ValidatePathUserId(userId).Keys, Is.EqualTo(OnlyUserId));
        });
    }

    [Test]
    public void AccountNameAndIssuer_CountCharacters()
    {
        var issuer64 = string.Concat(Enumerable.Repeat("😀", 64));
        Assert.Multiple(() =>
        {
            Assert.That(TotpRequestValidation.IsValidLabelPart(Emoji128, TotpRequestValidation.MaxAccountNameLength), Is.True);
            Assert.That(TotpRequestValidation.IsValidLabelPart(Emoji128 + "x", TotpRequestValidation.MaxAccountNameLength), Is.False);
            Assert.That(TotpRequestValidation.IsValidLabelPart(issuer64, TotpOptionsValidator.MaxIssuerLength), Is.True);
            Assert.That(TotpRequestValidation.IsValidLabelPart(issuer64 + "x", TotpOptionsValidator.MaxIssuerLength), Is.False);
            Assert.That(TotpRequestValidation.IsValidLabelPart("a\uD800", TotpOptionsValidator.MaxIssuerLength), Is.False);
        });
    }

    private static Dictionary<string, string[]> Enroll(string userId)
    {
        TotpRequestValidation.TryParseEnroll(TotpHarness.Caller, new TotpEnrollRequest(userId), "Acme", out _, out var errors);
        return errors;
    }

    private static Dictionary<string, string[]> Code(string userId)
    {
        TotpRequestValidation.TryParseCode(TotpHarness.Caller, new TotpCodeRequest(userId, "123456"), out _, out var errors);
        return errors;
    }

    private static Dictionary<string, string[]> Recover(string userId)
    {
        TotpRequestValidation.TryParseRecover(TotpHarness.Caller, new TotpRecoverRequest(userId, "7KQ2M-XW9TD"), out _, out var errors);
        return errors;
    }
}
