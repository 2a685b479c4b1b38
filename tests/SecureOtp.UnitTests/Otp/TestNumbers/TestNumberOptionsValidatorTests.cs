using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.TestNumbers;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Otp.TestNumbers;

/// <summary>Issue 25, part 1: a test number that could not work as configured stops the service at start, naming the key
/// and never the code or the number.</summary>
public sealed class TestNumberOptionsValidatorTests
{
    private const string Number = "+14155550123";
    private const string Code = "424242";

    [Test]
    public void AValidList_Succeeds()
    {
        var result = Validate(("acme", Number, Code, null), ("acme", "+447700900123", "000000", "2027-01-31"), ("beta", Number, Code, "2027-01-31T18:00:00+01:00"));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void NoTestNumbers_Succeeds() => Assert.That(Validate().Succeeded, Is.True);

    [Test]
    public void AnUnknownTenant_Fails() => AssertFailsNaming(Validate(("nobody", Number, Code, null)), "TestNumbers:nobody ");

    [TestCase(null)]
    [TestCase("14155550123")]
    [TestCase("+0123456789")]
    [TestCase("+1415555")]
    [TestCase("+1 415 555 0123")]
    public void ANumberSendWouldRefuse_Fails(string? number) => AssertFailsNaming(Validate(("acme", number, Code, null)), "TestNumbers:acme:0:Number");

    [Test]
    public void OneNumberListedTwice_InAnySpelling_Fails() =>
        AssertFailsNaming(Validate(("acme", "+447700900123", Code, null), ("acme", "+4407700900123", "111111", null)), "TestNumbers:acme:1:Number");

    [TestCase(null)]
    [TestCase("12345")]
    [TestCase("1234567")]
    [TestCase("12345a")]
    [TestCase("١٢٣٤٥٦")]
    public void ACodeNotOfOtpCodeLengthDigits_Fails(string? code) => AssertFailsNaming(Validate(("acme", Number, code, null)), "TestNumbers:acme:0:Code");

    [TestCase("tomorrow")]
    [TestCase("31/01/2027")]
    [TestCase("2027-13-01")]
    [TestCase("2027-01-31 18:00")]
    public void AnUnreadableValidUntil_Fails(string validUntil) =>
        AssertFailsNaming(Validate(("acme", Number, Code, validUntil)), "TestNumbers:acme:0:ValidUntil");

    [Test]
    public void AnEightDigitCodeLength_TakesEightDigitCodes()
    {
        Assert.That(Validate(8, ("acme", Number, "12345678", null)).Succeeded, Is.True);
        AssertFailsNaming(Validate(8, ("acme", Number, Code, null)), "TestNumbers:acme:0:Code");
    }

    [Test]
    public void AFailure_NamesTheEntrysOwnN_EvenWithGapsBetweenThem()
    {
        var options = new TestNumberOptions();
        options.Tenants["acme"] = new() { ["0"] = new TestNumberSetting { Number = Number, Code = Code }, ["3"] = new TestNumberSetting { Number = "+14155550124", Code = "1" } };

        var result = new TestNumberOptionsValidator(Options.Create(new OtpOptions()), Options.Create(Auth())).Validate(null, options);

        AssertFailsNaming(result, "TestNumbers:acme:3:Code");
    }

    [Test]
    public void Failures_NeverEchoTheCodeOrTheNumber()
    {
        var result = Validate(("acme", Number, "98765", "never"), ("acme", Number, "9876543", null));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Not.Contain("98765").And.Not.Contain("5550123"));
    }

    [Test]
    public void ValidUntil_WithoutAnOffset_IsUtc_AndADateIsItsMidnight()
    {
        Assert.That(TestNumberOptionsValidator.TryParseInstant("2027-01-31"), Is.EqualTo(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(TestNumberOptionsValidator.TryParseInstant("2027-01-31T18:00:00"), Is.EqualTo(new DateTimeOffset(2027, 1, 31, 18, 0, 0, TimeSpan.Zero)));
        Assert.That(TestNumberOptionsValidator.TryParseInstant("2027-01-31T18:00:00+01:00"), Is.EqualTo(new DateTimeOffset(2027, 1, 31, 17, 0, 0, TimeSpan.Zero)));
    }

    private static ValidateOptionsResult Validate(params (string Tenant, string? Number, string? Code, string? ValidUntil)[] numbers) => Validate(6, numbers);

    private static ValidateOptionsResult Validate(int codeLength, params (string Tenant, string? Number, string? Code, string? ValidUntil)[] numbers)
    {
        var options = new TestNumberOptions();
        foreach (var (tenant, number, code, validUntil) in numbers)
        {
            if (!options.Tenants.TryGetValue(tenant, out var list))
            {
                options.Tenants[tenant] = list = [];
            }

            list[list.Count.ToString(CultureInfo.InvariantCulture)] = new TestNumberSetting { Number = number, Code = code, ValidUntil = validUntil };
        }

        return new TestNumberOptionsValidator(Options.Create(new OtpOptions { CodeLength = codeLength }), Options.Create(Auth())).Validate(null, options);
    }

    /// <summary>Tenants "acme" (a client's own name) and "beta" (a client's configured Tenant).</summary>
    private static AuthOptions Auth()
    {
        var auth = new AuthOptions();
        auth.ApiKeys["acme"] = new ApiClientOptions { Scopes = [Scopes.Send] };
        auth.ApiKeys["beta-web"] = new ApiClientOptions { Scopes = [Scopes.Send], Tenant = "beta" };
        return auth;
    }

    private static void AssertFailsNaming(ValidateOptionsResult result, string key)
    {
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(key));
    }
}
