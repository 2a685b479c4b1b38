using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

public sealed class VerificationIdTests
{
    private static readonly PseudonymKey Key = TestKeys.NewPseudonymKey();

    [Test]
    public void New_Is40UrlSafeCharacters()
    {
        var id = NewId();

        Assert.That(id.Value, Has.Length.EqualTo(VerificationId.TextLength));
        Assert.That(id.Value, Does.Match("^[A-Za-z0-9_-]{40}$"));
        Assert.That(id.ToString(), Is.EqualTo(id.Value));
    }

    [Test]
    public void New_SameUserAndPurpose_GivesDifferentIdsInTheSameSlot()
    {
        var first = NewId();
        var second = NewId();

        Assert.That(second.Value, Is.Not.EqualTo(first.Value));
        Assert.That(second.Slot, Is.EqualTo(first.Slot));
    }

    [Test]
    public void New_CarriesAtLeast128RandomBits()
    {
        // Over 64 ids for one user and purpose, a random byte stays constant with probability 256^-63: only the
        // routing bytes may stay put, and the bytes that vary must add up to at least 128 bits.
        var ids = Enumerable.Range(0, 64).Select(_ => NewId().Bytes.ToArray()).ToList();
        var varyingBytes = Enumerable.Range(0, VerificationId.ByteLength).Count(i => ids.Select(b => b[i]).Distinct().Count() > 1);

        Assert.That(varyingBytes * 8, Is.GreaterThanOrEqualTo(128));
    }

    [Test]
    public void New_DifferentUsers_GetDifferentSlotTags()
    {
        // 64-bit tags: a collision between two fixed users has probability 2^-64.
        var alice = NewId("alice");
        var bob = NewId("bob");

        Assert.That(bob.Slot.UserTag, Is.Not.EqualTo(alice.Slot.UserTag));
        Assert.That(bob.Slot.PurposeTag, Is.EqualTo(alice.Slot.PurposeTag));
    }

    [Test]
    public void New_DifferentPurposes_ShareTheUserTagButNotThePurposeTag()
    {
        var login = NewId(purpose: "login");
        var reset = NewId(purpose: "reset");

        Assert.That(reset.Slot.UserTag, Is.EqualTo(login.Slot.UserTag));
        Assert.That(reset.Slot.PurposeTag, Is.Not.EqualTo(login.Slot.PurposeTag));
    }

    [Test]
    public void TryParse_OfNew_RoundTrips()
    {
        var id = NewId();

        Assert.That(VerificationId.TryParse(id.Value, out var parsed), Is.True);
        Assert.That(parsed.Value, Is.EqualTo(id.Value));
        Assert.That(parsed.Bytes.ToArray(), Is.EqualTo(id.Bytes.ToArray()));
        Assert.That(parsed.Slot, Is.EqualTo(id.Slot));
        Assert.That(parsed.LookupHash, Is.EqualTo(id.LookupHash));
    }

    [TestCase(null)]
    [TestCase("")]
    public void TryParse_NullOrEmpty_IsFalse(string? text) =>
        Assert.That(VerificationId.TryParse(text, out _), Is.False);

    [TestCase("drop last", 39)]
    [TestCase("add one", 41)]
    [TestCase("plus", 40)]
    [TestCase("slash", 40)]
    [TestCase("padding", 40)]
    [TestCase("single padding", 40)]
    [TestCase("trailing space", 40)]
    [TestCase("leading spaces", 40)]
    [TestCase("inner space", 40)]
    [TestCase("bang", 40)]
    [TestCase("newline", 40)]
    public void TryParse_AnythingNewDidNotProduce_IsFalse(string mutation, int expectedLength)
    {
        var text = Mutate(NewId().Value, mutation);
        Assume.That(text, Has.Length.EqualTo(expectedLength));

        Assert.That(VerificationId.TryParse(text, out _), Is.False, text);
    }

    [Test]
    public void LookupHash_DiffersFromValueAndIsStable()
    {
        var id = NewId();
        Assume.That(VerificationId.TryParse(id.Value, out var again), Is.True);

        Assert.That(id.LookupHash, Is.Not.EqualTo(id.Value));
        Assert.That(id.Value, Does.Not.Contain(id.LookupHash));
        Assert.That(again.LookupHash, Is.EqualTo(id.LookupHash));
        Assert.That(NewId().LookupHash, Is.Not.EqualTo(id.LookupHash));
    }

    private static VerificationId NewId(string user = "u-123", string purpose = "login") =>
        VerificationId.New(Pseudonyms.UserHash(Key, "tenant", user), Pseudonyms.PurposeHash(Key, purpose));

    private static string Mutate(string value, string mutation) => mutation switch
    {
        "drop last" => value[..39],
        "add one" => value + "A",
        "plus" => value[..39] + "+",
        "slash" => "/" + value[1..],
        "padding" => value[..38] + "==",
        "single padding" => value[..39] + "=",
        "trailing space" => value[..39] + " ",
        "leading spaces" => "  " + value[..38],
        "inner space" => value[..20] + " " + value[21..],
        "bang" => value[..10] + "!" + value[11..],
        "newline" => value[..36] + "A\r\nA",
        _ => throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null),
    };
}
