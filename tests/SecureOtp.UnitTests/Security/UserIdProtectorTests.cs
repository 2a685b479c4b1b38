using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Security;

public sealed class UserIdProtectorTests
{
    private const string UserId = "customer-00042 · Zoë";
    private static readonly HashKey Key = TestKeys.NewKey();
    private static readonly byte[] VerificationId = RandomNumberGenerator.GetBytes(30);

    [Test]
    public void Unprotect_OfProtect_GivesTheUserIdBack()
    {
        var sealedBox = UserIdProtector.Protect(Key, UserId, VerificationId);

        Assert.That(UserIdProtector.Unprotect(Key, sealedBox, VerificationId), Is.EqualTo(UserId));
    }

    [Test]
    public void Protect_DoesNotContainTheUserId()
    {
        var sealedBox = UserIdProtector.Protect(Key, UserId, VerificationId);

        Assert.That(Bytes.Contains(sealedBox, Encoding.UTF8.GetBytes(UserId)), Is.False);
        Assert.That(Bytes.Contains(sealedBox, "customer"u8), Is.False);
    }

    [Test]
    public void Protect_TwiceForTheSameId_GivesDifferentBoxes()
    {
        var first = UserIdProtector.Protect(Key, UserId, VerificationId);
        var second = UserIdProtector.Protect(Key, UserId, VerificationId);

        Assert.That(second, Is.Not.EqualTo(first), "a fresh nonce per protection");
        Assert.That(second.AsSpan(0, 12).ToArray(), Is.Not.EqualTo(first.AsSpan(0, 12).ToArray()));
    }

    [Test]
    public void Unprotect_AfterAnyOneByteIsTampered_Throws()
    {
        var sealedBox = UserIdProtector.Protect(Key, UserId, VerificationId);

        for (var i = 0; i < sealedBox.Length; i++)
        {
            var tampered = Bytes.WithFlippedBit(sealedBox, i);
            Assert.That(() => UserIdProtector.Unprotect(Key, tampered, VerificationId),
                Throws.InstanceOf<CryptographicException>(), $"byte {i}");
        }
    }

    [Test]
    public void Unprotect_BoundToAnotherVerificationId_Throws()
    {
        var sealedBox = UserIdProtector.Protect(Key, UserId, VerificationId);
        var otherId = RandomNumberGenerator.GetBytes(30);

        Assert.That(() => UserIdProtector.Unprotect(Key, sealedBox, otherId), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Unprotect_UnderAnotherKey_Throws()
    {
        var sealedBox = UserIdProtector.Protect(Key, UserId, VerificationId);

        Assert.That(() => UserIdProtector.Unprotect(TestKeys.NewKey(), sealedBox, VerificationId),
            Throws.InstanceOf<CryptographicException>());
    }
}
