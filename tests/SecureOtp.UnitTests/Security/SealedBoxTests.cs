using System.Security.Cryptography;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Security;

public sealed class SealedBoxTests
{
    [Test]
    public void SealUnderLongLivedKey_KeysInterleavedAndMoreThanAThreadKeeps_OpensOnlyUnderItsOwnKey_AndMatchesTheOneShot()
    {
        // Six keys, more than a thread keeps, used in turn twice: a kept context reused under the wrong key would seal a
        // box that the one-shot open under the right key refuses (and open one it should refuse).
        var keys = Enumerable.Range(0, 6).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        var boundTo = "verification"u8.ToArray();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var plain = new byte[] { (byte)round, (byte)i, 1, 2, 3 };

                var kept = SealedBox.SealUnderLongLivedKey(keys[i], plain, boundTo);
                var oneShot = SealedBox.Seal(keys[i], plain, boundTo);

                Assert.Multiple(() =>
                {
                    Assert.That(SealedBox.Open(keys[i], kept, boundTo), Is.EqualTo(plain), $"key {i}, round {round}");
                    Assert.That(SealedBox.OpenUnderLongLivedKey(keys[i], oneShot, boundTo), Is.EqualTo(plain), $"key {i}, round {round}");
                    Assert.That(kept, Is.Not.EqualTo(oneShot), "a fresh nonce per box");
                    Assert.Throws<AuthenticationTagMismatchException>(() => SealedBox.OpenUnderLongLivedKey(keys[(i + 1) % keys.Length], kept, boundTo));
                    Assert.Throws<AuthenticationTagMismatchException>(() => SealedBox.OpenUnderLongLivedKey(keys[i], kept, "elsewhere"u8));
                });
            }
        }
    }

    [Test]
    public void OpenUnderLongLivedKey_ABoxShorterThanNonceAndTag_IsRefused() =>
        Assert.Throws<AuthenticationTagMismatchException>(() => SealedBox.OpenUnderLongLivedKey(RandomNumberGenerator.GetBytes(32), new byte[27], []));
}
