using SecureOtp.Api.Telemetry;

namespace SecureOtp.UnitTests.Telemetry;

public sealed class RedactTests
{
    [TestCase("+14155550100", "+*********00")]
    [TestCase("+442071838750", "+**********50")]
    [TestCase("+12345678", "+******78")]
    public void Phone_E164_MasksAllButTheLastTwoDigits(string phone, string expected) =>
        Assert.That(Redact.Phone(phone), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("+")]
    [TestCase("7")]
    [TestCase("+1")]
    [TestCase("12")]
    [TestCase("+12")]
    [TestCase("123")]
    [TestCase("+1234")]
    [TestCase("14155550100")]
    public void Phone_ShortOrOddInput_RevealsAtMostTheLastTwoDigits(string? phone)
    {
        var masked = Redact.Phone(phone);

        var shownDigits = new string(masked.Where(char.IsAsciiDigit).ToArray());
        var inputDigits = new string((phone ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        Assert.That(shownDigits, Has.Length.LessThanOrEqualTo(2));
        Assert.That(inputDigits, Does.EndWith(shownDigits));
    }
}
