using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

public sealed class CodeHasherTests
{
    private static readonly HashKey Key = TestKeys.NewKey();
    private static readonly byte[] UserHash = Pseudonyms.UserHash(Key, "u-123");
    private static readonly VerificationId Id = VerificationId.New(UserHash, Pseudonyms.PurposeHash(Key, "login"));
    private static readonly byte[] Salt = CodeHasher.NewSalt();

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
    public void NewSalt_Is16FreshRandomBytes()
    {
        var first = CodeHasher.NewSalt();
        var second = CodeHasher.NewSalt();

        Assert.That(first, Has.Length.EqualTo(CodeHasher.SaltLength));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void Hash_ChangesWhenTheSaltChanges() =>
        Assert.That(Hash(salt: Bytes.WithFlippedBit(Salt, 0)), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheCodeChanges() =>
        Assert.That(Hash(code: "123457"), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheVerificationIdChanges() =>
        Assert.That(Hash(id: VerificationId.New(UserHash, Pseudonyms.PurposeHash(Key, "login"))), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheUserHashChanges() =>
        Assert.That(Hash(userHash: Pseudonyms.UserHash(Key, "u-124")), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenThePurposeChanges() =>
        Assert.That(Hash(purpose: "reset"), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenTheKeyChanges() =>
        Assert.That(Hash(key: TestKeys.NewKey()), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_ChangesWhenOnlyTheKeySecretChangesButNotItsId() =>
        Assert.That(Hash(key: TestKeys.NewKey(Key.Id)), Is.Not.EqualTo(Hash()));

    [Test]
    public void Hash_MovingABytesAcrossAFieldBoundary_ChangesTheHash()
    {
        // Salt "S1" + code "23456" concatenates to the same bytes as salt "S" + code "123456"; length prefixes tell them apart.
        byte[] longerSalt = [.. Salt, (byte)'1'];

        Assert.That(Hash(salt: longerSalt, code: "23456"), Is.Not.EqualTo(Hash(code: "123456")));
    }

    private static byte[] Hash(
        HashKey? key = null, byte[]? salt = null, string code = "123456", VerificationId? id = null, byte[]? userHash = null, string purpose = "login") =>
        CodeHasher.Hash(key ?? Key, salt ?? Salt, code, id ?? Id, userHash ?? UserHash, purpose);
}
