using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Security;

public sealed class HashKeyRingTests
{
    private const string OldId = "2025-q4";
    private const string NewId = "2026-q1";

    [Test]
    public void Active_IsTheKeyNamedByActiveHashKeyId()
    {
        var options = RotatedOptions();
        var ring = TestKeys.Ring(options);

        Assert.That(ring.Active.Id, Is.EqualTo(NewId));
        Assert.That(ring.Active.Secret, Is.EqualTo(Convert.FromBase64String(options.HashKeys[NewId])));
    }

    [Test]
    public void TryGet_AfterRotation_StillVerifiesACodeHashedWithTheOldKey()
    {
        var options = RotatedOptions();
        var before = TestKeys.Ring(new OtpOptions { HashKeys = options.HashKeys, ActiveHashKeyId = OldId });
        var oldKey = before.Active;
        var id = NewHandle();
        var stored = CodeHasher.Hash(oldKey, "482913", id);

        var after = TestKeys.Ring(options);
        Assert.That(after.TryGet(OldId, out var found), Is.True);
        Assert.That(CodeHasher.Hash(found, "482913", id), Is.EqualTo(stored));
        Assert.That(CodeHasher.Hash(after.Active, "482913", id), Is.Not.EqualTo(stored));
        Assert.That(after.All.Select(k => k.Id), Is.EquivalentTo(new[] { OldId, NewId }), "verify hashes under every configured key");
    }

    [Test]
    public void TryGet_UnknownKeyId_IsFalse()
    {
        var ring = TestKeys.Ring(RotatedOptions());

        Assert.That(ring.TryGet("2024-q1", out _), Is.False);
        Assert.That(ring.TryGet(NewId.ToUpperInvariant(), out _), Is.False, "key ids are case-sensitive");
    }

    [Test]
    public void HashKey_DerivesAUserIdKeyDistinctFromTheMacSecret()
    {
        var key = TestKeys.NewKey();

        Assert.That(key.UserIdEncryptionKey, Has.Length.EqualTo(32));
        Assert.That(key.UserIdEncryptionKey, Is.Not.EqualTo(key.Secret));
    }

    private static OtpOptions RotatedOptions() => new()
    {
        HashKeys = new(StringComparer.Ordinal) { [OldId] = TestKeys.NewSecret(), [NewId] = TestKeys.NewSecret() },
        ActiveHashKeyId = NewId,
    };

    private static VerificationId NewHandle()
    {
        var pseudonymKey = TestKeys.NewPseudonymKey();
        return VerificationId.New(Pseudonyms.UserHash(pseudonymKey, "tenant", "u-123"), Pseudonyms.PurposeHash(pseudonymKey, "login"));
    }
}
