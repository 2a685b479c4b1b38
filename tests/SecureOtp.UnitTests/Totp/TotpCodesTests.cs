using System.Text;
using OtpNet;
using SecureOtp.Api.Totp;

namespace SecureOtp.UnitTests.Totp;

/// <summary>RFC 6238 Appendix B (SHA1, the algorithm every authenticator app uses by default), through Otp.NET with
/// explicit timestamps, and the service's window search built on it.</summary>
public sealed class TotpCodesTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [TestCase(59L, "94287082")]
    [TestCase(1111111109L, "07081804")]
    [TestCase(1111111111L, "14050471")]
    [TestCase(1234567890L, "89005924")]
    [TestCase(2000000000L, "69279037")]
    [TestCase(20000000000L, "65353130")]
    public void OtpNet_GivesTheRfc6238Sha1Vectors_ForExplicitTimestamps(long unixSeconds, string expected)
    {
        var totp = new OtpNet.Totp(RfcSecret, step: 30, mode: OtpHashMode.Sha1, totpSize: 8);

        Assert.That(totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime), Is.EqualTo(expected));
    }

    /// <summary>A 6-digit code is the same truncation modulo 10^6: the vectors' last six digits.</summary>
    [TestCase(59L, "287082")]
    [TestCase(1111111109L, "081804")]
    [TestCase(1234567890L, "005924")]
    [TestCase(20000000000L, "353130")]
    public void CodeAt_IsTheSixDigitRfcCode_OfTheStepTheInstantFallsIn(long unixSeconds, string expected)
    {
        var step = TotpCodes.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.That(TotpCodes.CodeAt(RfcSecret, step), Is.EqualTo(expected));
    }

    [TestCase(-1)]
    [TestCase(0)]
    [TestCase(1)]
    public void MatchingSteps_FindsACodeOfAnyStepWithinTheSkew(int offset)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = TotpCodes.StepAt(now) + offset;

        var matches = TotpCodes.MatchingSteps(RfcSecret, TotpCodes.CodeAt(RfcSecret, step), now, skewSteps: 1);

        Assert.That(matches, Is.EqualTo(new[] { step }));
    }

    [TestCase(2, 1)]
    [TestCase(-2, 1)]
    [TestCase(1, 0)]
    public void MatchingSteps_FindsNothing_ForAStepBeyondTheSkew(int offset, int skew)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var code = TotpCodes.CodeAt(RfcSecret, TotpCodes.StepAt(now) + offset);

        Assert.That(TotpCodes.MatchingSteps(RfcSecret, code, now, skew), Is.Empty);
    }

    [Test]
    public void NewSecret_Is160RandomBits()
    {
        var first = TotpCodes.NewSecret();

        Assert.That(first, Has.Length.EqualTo(20));
        Assert.That(TotpCodes.NewSecret(), Is.Not.EqualTo(first));
    }
}
