using System.Security.Cryptography;
using SecureOtp.Api.Security;
using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

public sealed class RecoveryCodesTests
{
    [Test]
    public void New_GivesTenDistinctGroupedCodes_FromTheUnambiguousAlphabet()
    {
        var codes = RecoveryCodes.New();

        Assert.That(codes, Has.Length.EqualTo(10).And.Unique);
        Assert.That(codes, Has.All.Match("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$"));
    }

    [TestCase("abcde-fghjk", "ABCDEFGHJK")]
    [TestCase("ABCDE FGHJK", "ABCDEFGHJK")]
    [TestCase("ABCDEFGHJK", "ABCDEFGHJK")]
    public void TryNormalize_AcceptsWhatAUserTypes(string typed, string expected)
    {
        Assert.That(RecoveryCodes.TryNormalize(typed, out var normalized), Is.True);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase("ABCDE-FGHJ")]
    [TestCase("ABCDE-FGHJKL")]
    [TestCase("ABCDE-FGHI0")]
    [TestCase("ÀBCDE-FGHJK")]
    public void TryNormalize_RefusesWhatCouldNeverHaveBeenIssued(string typed) =>
        Assert.That(RecoveryCodes.TryNormalize(typed, out _), Is.False);

    [Test]
    public void Hash_IsBoundToTheUser_AndTheTenant()
    {
        var key = TestKeys.NewPseudonymKey();
        var alice = TotpUser.Of(key, "tenant-a", "alice");

        var hash = RecoveryCodes.Hash(key, alice, "ABCDEFGHJK");

        Assert.That(hash, Has.Length.EqualTo(16));
        Assert.That(RecoveryCodes.Hash(key, alice, "ABCDEFGHJK"), Is.EqualTo(hash));
        Assert.That(RecoveryCodes.Hash(key, TotpUser.Of(key, "tenant-a", "bob"), "ABCDEFGHJK"), Is.Not.EqualTo(hash));
        Assert.That(RecoveryCodes.Hash(key, TotpUser.Of(key, "tenant-b", "alice"), "ABCDEFGHJK"), Is.Not.EqualTo(hash));
        Assert.That(RecoveryCodes.Hash(new PseudonymKey(RandomNumberGenerator.GetBytes(32)), alice, "ABCDEFGHJK"), Is.Not.EqualTo(hash));
    }
}
