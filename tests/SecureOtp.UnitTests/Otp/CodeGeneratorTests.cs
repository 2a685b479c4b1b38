using SecureOtp.Api.Otp;

namespace SecureOtp.UnitTests.Otp;

public sealed class CodeGeneratorTests
{
    /// <summary>Chi-square critical value for 9 degrees of freedom at p = 0.0001: a fair generator fails 1 run in 10,000.</summary>
    private const double ChiSquareCritical9Dof = 33.72;

    [Test]
    public void NewCode_ForEveryAllowedLength_HasThatManyAsciiDigits([Range(4, 10)] int length)
    {
        var code = CodeGenerator.NewCode(length);

        Assert.That(code, Has.Length.EqualTo(length));
        Assert.That(code.All(char.IsAsciiDigit), Is.True, code);
    }

    [Test]
    public void NewCode_Over200kDigits_IsUniformByChiSquare()
    {
        const int Codes = 20_000;
        const int Length = 10;
        var counts = new long[10];
        for (var i = 0; i < Codes; i++)
        {
            foreach (var c in CodeGenerator.NewCode(Length))
            {
                counts[c - '0']++;
            }
        }

        var expected = Codes * Length / 10.0;
        var chiSquare = counts.Sum(observed => (observed - expected) * (observed - expected) / expected);

        Assert.That(chiSquare, Is.LessThan(ChiSquareCritical9Dof), string.Join(", ", counts));
    }

    [Test]
    public void NewCode_DrawsLeadingZeros()
    {
        // A fair first digit is 0 one time in ten: missing it in 1,000 codes has probability 0.9^1000 ≈ 2e-46.
        var codes = Enumerable.Range(0, 1_000).Select(_ => CodeGenerator.NewCode(6));

        Assert.That(codes.Any(c => c[0] == '0'), Is.True);
    }

    [Test]
    public void NewCode_TwoDraws_AreIndependent()
    {
        // Ten-digit codes collide with probability 1e-10 per pair; 200 draws must all differ.
        var codes = Enumerable.Range(0, 200).Select(_ => CodeGenerator.NewCode(10)).ToList();

        Assert.That(codes, Is.Unique);
    }

    [TestCase("123456", 6)]
    [TestCase("000000", 6)]
    [TestCase("0123", 4)]
    [TestCase("9876543210", 10)]
    public void IsWellFormed_AsciiDigitsOfTheRightLength_IsTrue(string code, int length) =>
        Assert.That(CodeGenerator.IsWellFormed(code, length), Is.True);

    [TestCase(null, 6)]
    [TestCase("", 6)]
    [TestCase("12345", 6)]
    [TestCase("1234567", 6)]
    [TestCase("١٢٣٤٥٦", 6)]
    [TestCase("۱۲۳۴۵۶", 6)]
    [TestCase("１２３４５６", 6)]
    [TestCase("12 456", 6)]
    [TestCase(" 12345", 6)]
    [TestCase("12345 ", 6)]
    [TestCase("12345a", 6)]
    [TestCase("-12345", 6)]
    [TestCase("123456", 4)]
    public void IsWellFormed_AnythingElse_IsFalse(string? code, int length) =>
        Assert.That(CodeGenerator.IsWellFormed(code, length), Is.False);
}
