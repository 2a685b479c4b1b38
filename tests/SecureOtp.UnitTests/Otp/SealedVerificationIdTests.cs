using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp;

/// <summary>The sealed id a record keeps for verify by user (issue 25): it opens only under its key, for its own slot.</summary>
public sealed class SealedVerificationIdTests
{
    private static readonly PseudonymKey Key = TestKeys.NewPseudonymKey();

    [Test]
    public void Sealed_OpensToTheSameId_InItsSlot_AndFitsRedissCompactHashValue()
    {
        var id = NewId("u-1", "login");
        var box = SealedVerificationId.Seal(Key, id);

        Assert.That(SealedVerificationId.TryOpen(Key, box, id.Slot, out var opened), Is.True);
        Assert.That(opened.Value, Is.EqualTo(id.Value));
        Assert.That(box, Has.Length.LessThanOrEqualTo(64), "start.lua keeps every record value within listpack's 64 bytes");
        Assert.That(box.AsSpan().IndexOf(id.Bytes), Is.EqualTo(-1), "the box does not hold the id in clear");
    }

    [Test]
    public void Sealed_DoesNotOpen_InAnotherUsersOrPurposesSlot_OrUnderAnotherKey()
    {
        var id = NewId("u-1", "login");
        var box = SealedVerificationId.Seal(Key, id);

        Assert.That(SealedVerificationId.TryOpen(Key, box, NewId("u-2", "login").Slot, out _), Is.False);
        Assert.That(SealedVerificationId.TryOpen(Key, box, NewId("u-1", "payment").Slot, out _), Is.False);
        Assert.That(SealedVerificationId.TryOpen(TestKeys.NewPseudonymKey(), box, id.Slot, out _), Is.False);
        Assert.That(SealedVerificationId.TryOpen(Key, box[..^1], id.Slot, out _), Is.False);
    }

    [Test]
    public void SlotOf_AUserAndPurpose_IsTheSlotOfTheIdsSendIssuesThem()
    {
        var userHash = Pseudonyms.UserHash(Key, "tenant", "u-1");
        var purposeHash = Pseudonyms.PurposeHash(Key, "login");

        Assert.That(VerificationId.SlotOf(userHash, purposeHash), Is.EqualTo(VerificationId.New(userHash, purposeHash).Slot));
    }

    private static VerificationId NewId(string userId, string purpose) =>
        VerificationId.New(Pseudonyms.UserHash(Key, "tenant", userId), Pseudonyms.PurposeHash(Key, purpose));
}
