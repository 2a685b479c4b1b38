using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

public sealed class CodeHasherTests
{
    private static readonly HashKey Key = TestKeys.NewKey();
    private static readonly PseudonymKey Pseudonym = TestKeys.NewPseudonymKey();
    private static readonly byte[] UserHash = Pseudonyms.UserHash(Pseudonym, "tenant", "u-123");
    private static readonly VerificationId Id = VerificationId.New(UserHash, Pseudonyms.PurposeHash(Pseudonym, "login"));

    [Test]
    public void Hash_SameInputs_GivesSameHash()
    {
        var first = Hash();
        var second = Hash();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Hash_IsA128BitTruncatedDigest() =>
        Assert.That(Hash(), Has.Length.EqualTo(CodeHasher.MacLength));

    [Test]
    public void Hash_IsTheTruncatedHmacSha256OfTheLengthPrefixedFields()
    {
        // Pins the exact construction, so a change to it (which would orphan every live code) is deliberate.
        byte[] input =
        [
            .. "secureotp/code/v2"u8, 0, 0, 0, 6, .. "123456"u8, 0, 0, 0, 30, .. Id.Bytes,
        ];
        var expected = System.Security.Cryptography.HMACSHA256.HashData(Key.Secret, input)[..CodeHasher.MacLength];

        Assert.That(Hash(), Is.EqualTo(expected));
    }

    [Test]
    public void Hash_ChangesWhenTheCodeChanges() =>
        Assert.That(Hash(code: "123457"), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheHandlesRandomPartChanges() =>
        Assert.That(Hash(id: VerificationId.New(UserHash, Pseudonyms.PurposeHash(Pseudonym, "login"))), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheUserChanges() =>
        Assert.That(Hash(id: WithSameRandomPart(Pseudonyms.UserHash(Pseudonym, "tenant", "u-124"), Pseudonyms.PurposeHash(Pseudonym, "login"))), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenThePurposeChanges() =>
        Assert.That(Hash(id: WithSameRandomPart(UserHash, Pseudonyms.PurposeHash(Pseudonym, "reset"))), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheKeyChanges() =>
        Assert.That(Hash(key: TestKeys.NewKey()), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenOnlyTheKeySecretChangesButNotItsId() =>
        Assert.That(Hash(key: TestKeys.NewKey(Key.Id)), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_CodesOfEveryAllowedLength_AreAccepted()
    {
        Assert.That(Hash(code: "1234"), Has.Length.EqualTo(CodeHasher.MacLength));
        Assert.That(Hash(code: "1234567890"), Has.Length.EqualTo(CodeHasher.MacLength));
        Assert.That(() => Hash(code: "12345678901"), Throws.ArgumentException);
    }

    /// <summary>The same 18 random bytes under other user/purpose tags: only the binding differs.</summary>
    private static VerificationId WithSameRandomPart(byte[] userHash, byte[] purposeHash)
    {
        var other = VerificationId.New(userHash, purposeHash).Bytes.ToArray();
        Id.Bytes[12..].CopyTo(other.AsSpan(12));
        Assert.That(VerificationId.TryParse(System.Buffers.Text.Base64Url.EncodeToString(other), out var id), Is.True);
        return id;
    }

    private static byte[] Hash(HashKey? key = null, string code = "123456", VerificationId? id = null) =>
        CodeHasher.Hash(key ?? Key, code, id ?? Id);
}
