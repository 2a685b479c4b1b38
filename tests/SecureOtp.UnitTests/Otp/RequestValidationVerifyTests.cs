using SecureOtp.Api.Otp;

namespace SecureOtp.UnitTests.Otp;

/// <summary><see cref="RequestValidation.ValidateVerify"/> and <see cref="RequestValidation.IsValidIdempotencyKey"/>.</summary>
public sealed class RequestValidationVerifyTests
{
    private const string Id = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string User = "u-123";

    private static readonly string[] VerificationIdField = ["verificationId"];
    private static readonly string[] VerificationIdAndUserIdFields = ["verificationId", "userId"];

    private static readonly object?[] MalformedIds =
        ["not-an-id", new string('A', 39), new string('A', 41), new string('+', 40), new string('A', 38) + "==", "AAAAAAAAAAAAAAAAAAAA%2FAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA."];

    private static readonly object?[] RejectedUserIds = ["", "   ", "a\nb", new string('x', 129), "\uD800"];

    private static readonly object?[] RejectedIdempotencyKeys = ["", new string('k', 256), "has space", "tab\t", "é", "\u007F", "key\n"];

    [TestCase("123456", 6)]
    [TestCase("000000", 6)]
    [TestCase("12345678", 8)]
    [TestCase("0000", 4)]
    public void ValidateVerify_AsciiDigitsOfTheConfiguredLength_HasNoErrors(string code, int codeLength) =>
        Assert.That(RequestValidation.ValidateVerify(new VerifyOtpRequest(Id, code, User), codeLength, requireUserId: true), Is.Empty);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("12345")]
    [TestCase("1234567")]
    [TestCase("١٢٣٤٥٦")]
    [TestCase("１２３４５６")]
    [TestCase("12 456")]
    [TestCase("12345a")]
    [TestCase(" 123456")]
    [TestCase("123456\n")]
    public void ValidateVerify_MalformedCode_IsRejected(string? code) =>
        AssertOnlyError(new VerifyOtpRequest(Id, code, User), "code");

    [Test]
    public void ValidateVerify_CodeError_NeverEchoesTheCode()
    {
        var errors = RequestValidation.ValidateVerify(new VerifyOtpRequest(Id, "98765432", User), 6, requireUserId: true);

        Assert.That(errors["code"], Has.None.Contains("98765432").And.None.Contains("987"));
    }

    [Test]
    public void ValidateVerify_EmptyVerificationId_IsRejected() =>
        AssertOnlyError(new VerifyOtpRequest("", "123456", User), "verificationId");

    /// <summary>Issue 25: without a verification id, the user's live verification for the purpose is checked (verify by user).</summary>
    [TestCase(null)]
    [TestCase("login")]
    [TestCase("pay_2-fa")]
    public void ValidateVerify_ByUser_WithAUserAndAPurposeOfSendsForm_HasNoErrors(string? purpose) =>
        Assert.That(RequestValidation.ValidateVerify(new VerifyOtpRequest(null, "123456", User, Purpose: purpose), 6, requireUserId: false), Is.Empty);

    [Test]
    public void ValidateVerify_NeitherVerificationIdNorUserId_NamesBoth()
    {
        var errors = RequestValidation.ValidateVerify(new VerifyOtpRequest(null, "123456"), 6, requireUserId: false);

        Assert.That(errors.Keys, Is.EquivalentTo(VerificationIdAndUserIdFields));
    }

    [TestCase("Login")]
    [TestCase("")]
    [TestCase("a b")]
    [TestCase("x23456789012345678901234567890123")]
    public void ValidateVerify_APurposeSendWouldRefuse_IsRejected_InEitherForm(string purpose)
    {
        AssertOnlyError(new VerifyOtpRequest(null, "123456", User, Purpose: purpose), "purpose");
        AssertOnlyError(new VerifyOtpRequest(Id, "123456", User, Purpose: purpose), "purpose");
    }

    [TestCaseSource(nameof(RejectedUserIds))]
    public void ValidateVerify_ByUser_AUserIdSendWouldRefuse_IsRejected(string userId) =>
        AssertOnlyError(new VerifyOtpRequest(null, "123456", userId), "userId");

    [Test]
    public void ValidateVerify_VerificationIdOver256Characters_IsRejected() =>
        AssertOnlyError(new VerifyOtpRequest(new string('A', 257), "123456", User), "verificationId");

    /// <summary>Issue 21: a handle send could never have issued was answered 404 after the store and the per-IP budget were
    /// consulted; it is a 400 that names the field, decided here, before either.</summary>
    [TestCaseSource(nameof(MalformedIds))]
    public void ValidateVerify_VerificationIdSendCouldNotHaveIssued_IsRejected(string verificationId) =>
        AssertOnlyError(new VerifyOtpRequest(verificationId, "123456", User), "verificationId");

    [TestCaseSource(nameof(MalformedIds))]
    public void TryParsePathVerificationId_VerificationIdSendCouldNotHaveIssued_IsRejected(string verificationId)
    {
        Assert.That(RequestValidation.TryParsePathVerificationId(verificationId, out var id, out var errors), Is.False);
        Assert.That(id, Is.Null);
        Assert.That(errors.Keys, Is.EqualTo(VerificationIdField));
    }

    [Test]
    public void TryParsePathVerificationId_AnIdSendIssued_IsThatId()
    {
        Assert.That(RequestValidation.TryParsePathVerificationId(Id, out var id, out var errors), Is.True);
        Assert.That((id!.Value, errors.Count), Is.EqualTo((Id, 0)));
    }

    [TestCase("u-123")]
    [TestCase("ü-123@example.com")]
    public void ValidateVerify_PrintableUserId_HasNoErrors(string userId) =>
        Assert.That(RequestValidation.ValidateVerify(new VerifyOtpRequest(Id, "123456", userId), 6, requireUserId: true), Is.Empty);

    [Test]
    public void ValidateVerify_MissingUserId_IsRejected_WhileTheBindingIsRequired() =>
        AssertOnlyError(new VerifyOtpRequest(Id, "123456"), "userId");

    [Test]
    public void ValidateVerify_MissingUserId_IsAccepted_WhenTheBindingIsOptional() =>
        Assert.That(RequestValidation.ValidateVerify(new VerifyOtpRequest(Id, "123456"), 6, requireUserId: false), Is.Empty);

    [TestCaseSource(nameof(RejectedUserIds))]
    public void ValidateVerify_MalformedUserId_IsRejected(string userId) =>
        AssertOnlyError(new VerifyOtpRequest(Id, "123456", userId), "userId");

    [TestCase("a")]
    [TestCase("0b6c9f5e-2f3e-4c1a-9d0e-3b1c2a4d5e6f")]
    [TestCase("!~\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}")]
    public void IsValidIdempotencyKey_VisibleAscii_IsTrue(string key) =>
        Assert.That(RequestValidation.IsValidIdempotencyKey(key), Is.True);

    [Test]
    public void IsValidIdempotencyKey_Exactly255Characters_IsTrue() =>
        Assert.That(RequestValidation.IsValidIdempotencyKey(new string('k', 255)), Is.True);

    [TestCaseSource(nameof(RejectedIdempotencyKeys))]
    public void IsValidIdempotencyKey_EmptyTooLongOrInvisible_IsFalse(string key) =>
        Assert.That(RequestValidation.IsValidIdempotencyKey(key), Is.False);

    private static void AssertOnlyError(VerifyOtpRequest request, string field)
    {
        var errors = RequestValidation.ValidateVerify(request, 6, requireUserId: true);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
        Assert.That(errors[field], Is.Not.Empty);
    }
}
