using SecureOtp.Api.Totp;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Totp;

public sealed class TotpSecretKeyRingTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];

    [Test]
    public void ASealedSecret_OpensForItsUser_AndHoldsNoPlaintext()
    {
        var ring = Ring("k1", ("k1", TestKeys.NewSecret()));
        var user = User("alice");

        var box = ring.Seal(user, Secret);

        Assert.That(box.AsSpan().IndexOf(Secret), Is.EqualTo(-1));
        Assert.That(ring.TryOpen(user, "k1", box, out var opened), Is.True);
        Assert.That(opened, Is.EqualTo(Secret));
    }

    [Test]
    public void ASealedSecret_CopiedToAnotherUserOrTenant_DoesNotOpen()
    {
        var key = TestKeys.NewPseudonymKey();
        var ring = Ring("k1", ("k1", TestKeys.NewSecret()));
        var box = ring.Seal(TotpUser.Of(key, "tenant-a", "alice"), Secret);

        Assert.That(ring.TryOpen(TotpUser.Of(key, "tenant-a", "bob"), "k1", box, out _), Is.False);
        Assert.That(ring.TryOpen(TotpUser.Of(key, "tenant-b", "alice"), "k1", box, out _), Is.False);
    }

    [Test]
    public void AfterRotation_NewSecretsUseTheActiveKey_AndOldOnesStillOpen()
    {
        var k1 = TestKeys.NewSecret();
        var user = User("alice");
        var old = Ring("k1", ("k1", k1)).Seal(user, Secret);
        var rotated = Ring("k2", ("k1", k1), ("k2", TestKeys.NewSecret()));

        var fresh = rotated.Seal(user, Secret);

        Assert.That(rotated.ActiveKeyId, Is.EqualTo("k2"));
        Assert.That(rotated.TryOpen(user, "k1", old, out _), Is.True, "an old enrolment still opens");
        Assert.That(rotated.TryOpen(user, "k2", fresh, out _), Is.True);
        Assert.That(rotated.TryOpen(user, "k1", fresh, out _), Is.False, "sealed under k2, not k1");
    }

    [Test]
    public void ASecretUnderARetiredKey_DoesNotOpen()
    {
        var user = User("alice");
        var box = Ring("k1", ("k1", TestKeys.NewSecret())).Seal(user, Secret);

        Assert.That(Ring("k2", ("k2", TestKeys.NewSecret())).TryOpen(user, "k1", box, out _), Is.False);
    }

    private static TotpUser User(string userId) => TotpUser.Of(TestKeys.NewPseudonymKey(), "tenant", userId);

    private static TotpSecretKeyRing Ring(string active, params (string Id, string Key)[] keys) =>
        new(keys.ToDictionary(k => k.Id, k => k.Key), active);
}
