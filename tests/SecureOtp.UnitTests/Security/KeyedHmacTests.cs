using System.Security.Cryptography;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.Security;

public sealed class KeyedHmacTests
{
    [Test]
    public void Compute_KeysInterleavedAndMoreThanAThreadKeeps_MatchesTheOneShotHmacOfEachKey()
    {
        // Six keys, more than a thread keeps, used in turn twice: a context reused under the wrong key, or not reset
        // between MACs, would give another answer than the one-shot HMAC.
        var keys = Enumerable.Range(0, 6).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var input = new byte[] { (byte)round, (byte)i, 7, 8 };
                var mac = new byte[32];

                KeyedHmac.Compute(keys[i], input, mac);

                Assert.That(mac, Is.EqualTo(HMACSHA256.HashData(keys[i], input)), $"key {i}, round {round}");
            }
        }
    }
}
