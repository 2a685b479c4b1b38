using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Otp;

/// <summary><see cref="RequestValidation.ValidateSend"/>: one field varied at a time from a valid request.</summary>
public sealed class RequestValidationSendTests
{
    private static readonly SendOtpRequest Valid = new("u-123", "+14155550100", "login", "en", "203.0.113.7", "FA+9qCX9VSu");

    /// <summary>128 characters that are 256 UTF-16 units: the docs count characters (Unicode scalar values).</summary>
    internal static readonly string Emoji128 = string.Concat(Enumerable.Repeat("😀", 128));

    private static readonly object?[] AcceptedUserIds =
        ["u-123", "a", new string('x', 128), "user name", "名前", "😀", "Ünïcödé-ID", Emoji128, "x" + Emoji128[2..]];

    // Built in code, not attributes: attribute strings cannot hold a lone surrogate.
    private static readonly object?[] RejectedUserIds =
        [null, "", " ", "\t \n", "ab\0c", "a\u001Fb", "a\u007Fb", new string('x', 129), "\uD800", "a\uDC00b", "x\u200By", "\uE000", "a\u2028b",
         Emoji128 + "😀", Emoji128 + "x", Emoji128[..^1], "\uDE00\uD83D", Emoji128[1..]];

    [Test]
    public void ValidateSend_ValidRequest_HasNoErrors() =>
        Assert.That(RequestValidation.ValidateSend(Valid), Is.Empty);

    [Test]
    public void ValidateSend_OnlyRequiredFields_HasNoErrors() =>
        Assert.That(RequestValidation.ValidateSend(new SendOtpRequest("u-123", "+14155550100")), Is.Empty);

    [TestCaseSource(nameof(AcceptedUserIds))]
    public void ValidateSend_PrintableUserIdUpTo128_IsAccepted(string userId) =>
        Assert.That(RequestValidation.ValidateSend(Valid with { UserId = userId }), Is.Empty);

    [TestCaseSource(nameof(RejectedUserIds))]
    public void ValidateSend_MissingEmptyOrUnprintableUserId_IsRejected(string? userId) =>
        AssertOnlyError(Valid with { UserId = userId }, "userId");

    [TestCase("+14155550100")]
    [TestCase("+12345678")]
    [TestCase("+123456789012345")]
    [TestCase("+442071838750")]
    public void ValidateSend_E164Phone_IsAccepted(string phone) =>
        Assert.That(RequestValidation.ValidateSend(Valid with { PhoneNumber = phone }), Is.Empty);

    [TestCase("+4407911123457", "+447911123457")]
    [TestCase("+44007911123457", "+447911123457")]
    [TestCase("+390612345678", "+390612345678")]
    [TestCase("+99912345678", "+99912345678")]
    public void TryParseSend_CanonicalizesThePhone_ForEverythingAfterIt(string phone, string canonical)
    {
        var parsed = RequestValidation.TryParseSend(
            new ApiCaller("shop", "shop"), Valid with { PhoneNumber = phone }, default, out var command, out _);

        Assert.That(parsed, Is.True);
        Assert.That(command!.Phone.E164, Is.EqualTo(canonical));
        Assert.That(command.LimitSubject.Phone.E164, Is.EqualTo(canonical));
        Assert.That(command.Body.PhoneNumber, Is.EqualTo(canonical), "an Idempotency-Key repeat is matched on the canonical form");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("14155550100")]
    [TestCase("+1234567")]
    [TestCase("+1234567890123456")]
    [TestCase("+04155550100")]
    [TestCase("+1415555010\n")]
    [TestCase("+14155550100 ")]
    [TestCase(" +14155550100")]
    [TestCase("+1 415 555 0100")]
    [TestCase("+1-415-555-0100")]
    [TestCase("++14155550100")]
    [TestCase("+١٤١٥٥٥٥٠١٠٠")]
    [TestCase("+１４１５５５５０１００")]
    [TestCase("0014155550100")]
    [TestCase("+1-800-FLOWERS")] // libphonenumber parses these; the 400 rule must not
    [TestCase("+1800FLOWERS")]
    public void ValidateSend_NonE164Phone_IsRejected(string? phone) =>
        AssertOnlyError(Valid with { PhoneNumber = phone }, "phoneNumber");

    [TestCase(null)]
    [TestCase("login")]
    [TestCase("a")]
    [TestCase("reset_password-2")]
    [TestCase("abcdefghijklmnopqrstuvwxyz012345")]
    public void ValidateSend_PurposeNullOrSlug_IsAccepted(string? purpose) =>
        Assert.That(RequestValidation.ValidateSend(Valid with { Purpose = purpose }), Is.Empty);

    [TestCase("")]
    [TestCase("Login")]
    [TestCase("log in")]
    [TestCase("login\n")]
    [TestCase("lógin")]
    [TestCase("login.v2")]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456")]
    public void ValidateSend_PurposeOutsideSlugAlphabet_IsRejected(string purpose) =>
        AssertOnlyError(Valid with { Purpose = purpose }, "purpose");

    [TestCase(null)]
    [TestCase("en")]
    [TestCase("es-MX")]
    [TestCase("zh-Hant-TW")]
    [TestCase("fil")]
    public void ValidateSend_Bcp47Locale_IsAccepted(string? locale) =>
        Assert.That(RequestValidation.ValidateSend(Valid with { Locale = locale }), Is.Empty);

    [TestCase("")]
    [TestCase("e")]
    [TestCase("english")]
    [TestCase("en_US")]
    [TestCase("en-")]
    [TestCase("en-US\n")]
    [TestCase("es-MX; DROP")]
    public void ValidateSend_MalformedLocale_IsRejected(string locale) =>
        AssertOnlyError(Valid with { Locale = locale }, "locale");

    [TestCase(null)]
    [TestCase("203.0.113.7")]
    [TestCase("0.0.0.0")]
    [TestCase("255.255.255.255")]
    [TestCase("2001:db8::1")]
    [TestCase("::1")]
    [TestCase("::ffff:203.0.113.7")]
    public void ValidateSend_IpAddress_IsAccepted(string? ip) =>
        Assert.That(RequestValidation.ValidateSend(Valid with { ClientIp = ip }), Is.Empty);

    [TestCase("")]
    [TestCase("1")]
    [TestCase("999.1.1.1")]
    [TestCase("256.0.0.1")]
    [TestCase("0x7f.1")]
    [TestCase("127.1")]
    [TestCase("01.2.3.4")]
    [TestCase("1.2.3")]
    [TestCase("203.0.113.7 ")]
    [TestCase("1.2.3.4:80")]
    [TestCase("localhost")]
    [TestCase("2001:db8::1/64")]
    [TestCase(":::")]
    public void ValidateSend_NotAnIpAddress_IsRejected(string ip) =>
        AssertOnlyError(Valid with { ClientIp = ip }, "clientIp");

    [TestCase("[::1]:443")]
    [TestCase("[2001:db8::1]")]
    public void ValidateSend_BracketedIpv6OrEndpoint_IsRejected(string ip) =>
        AssertOnlyError(Valid with { ClientIp = ip }, "clientIp");

    [TestCase(null)]
    [TestCase("FA+9qCX9VSu")]
    [TestCase("abcdefghijk")]
    [TestCase("A/B+C/D+E/F")]
    public void ValidateSend_ElevenCharacterAppHash_IsAccepted(string? appHash) =>
        Assert.That(RequestValidation.ValidateSend(Valid with { AppHash = appHash }), Is.Empty);

    [TestCase("")]
    [TestCase("FA+9qCX9VS")]
    [TestCase("FA+9qCX9VSuX")]
    [TestCase("FA-9qCX9VSu")]
    [TestCase("FA+9qCX9VS=")]
    [TestCase("FA+9qCX9VS\n")]
    [TestCase("FA 9qCX9VSu")]
    public void ValidateSend_MalformedAppHash_IsRejected(string appHash) =>
        AssertOnlyError(Valid with { AppHash = appHash }, "appHash");

    [Test]
    public void ValidateSend_Errors_NeverEchoWhatWasSent()
    {
        var request = new SendOtpRequest(
            "bad\u0001user-7731", "+04155550199", "Reset-Password", "xx_YY_ZZ", "203.0.113.999", "ABCDEFGHIJ=");

        var messages = RequestValidation.ValidateSend(request).Values.SelectMany(m => m).ToList();

        Assert.That(messages, Has.Count.EqualTo(6));
        foreach (var sent in new[] { "user-7731", "04155550199", "5550199", "Reset-Password", "xx_YY", "113.999", "ABCDEFGHIJ" })
        {
            Assert.That(messages, Has.None.Contains(sent));
        }
    }

    private static void AssertOnlyError(SendOtpRequest request, string field)
    {
        var errors = RequestValidation.ValidateSend(request);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
        Assert.That(errors[field], Is.Not.Empty);
    }
}
