using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp.Delivery;

public sealed class DeliveryReferenceTests
{
    private static readonly PseudonymKey Key = TestKeys.NewPseudonymKey();

    private static VerificationId NewId() =>
        VerificationId.New(Pseudonyms.UserHash(Key, "tenant", "u-123"), Pseudonyms.PurposeHash(Key, "login"));

    [Test]
    public void Text_IsWithinVonagesClientRefLimit_UrlSafe_AndRoundTrips()
    {
        var id = NewId();
        var reference = DeliveryReference.New(id);

        Assert.That(reference.Text, Has.Length.EqualTo(DeliveryReference.TextLength).And.Length.LessThanOrEqualTo(40));
        Assert.That(Uri.EscapeDataString(reference.Text), Is.EqualTo(reference.Text), "nothing to escape in a URL");
        Assert.That(DeliveryReference.TryParse(reference.Text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(reference));
        Assert.That((parsed.UserTag, parsed.IdHash), Is.EqualTo((id.Slot.UserTag, id.LookupHash)));
    }

    [Test]
    public void Text_HoldsNoIdentifier_OnlyTagsAndHashes()
    {
        var id = NewId();
        var text = DeliveryReference.New(id).Text;

        Assert.That(text, Does.Not.Contain("u-123").And.Not.Contain("tenant").And.Not.Contain(id.Value));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("ref")]
    [TestCase("r")]
    [TestCase("x" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("r" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [TestCase("r" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")]
    [TestCase("r" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryParse_RefusesAnythingButACanonicalReference(string? text) =>
        Assert.That(DeliveryReference.TryParse(text, out _), Is.False);

    [Test]
    public void TryParse_AcceptsTheCanonicalTextOfZeroes() =>
        Assert.That(DeliveryReference.TryParse("r" + new string('A', 38), out var r) && r.Token == "00000000", Is.True);

    [TestCase("https://otp.example.com/webhooks/twilio/message-status", "https://otp.example.com/webhooks/twilio/message-status?ref=")]
    [TestCase("https://otp.example.com/hook?tenant=a", "https://otp.example.com/hook?tenant=a&ref=")]
    public void ReceiptUrl_AddsTheReferenceToTheQuery(string url, string expectedPrefix)
    {
        var reference = DeliveryReference.New(NewId()).Text;

        Assert.That(ReceiptUrl.WithReference(new Uri(url), reference).OriginalString, Is.EqualTo(expectedPrefix + reference));
    }

    [Test]
    public void CooldownEntries_KeepOnlyWhatTheReleaseCannotRebuild_AndExpandBack()
    {
        var member = "abcdXYZ123";
        IReadOnlyList<LimitCheck> cooldowns =
        [
            new(AbuseLimits.ResendCooldown, "ph1d:PHONEHASH", 1, TimeSpan.FromSeconds(30), member),
            new(AbuseLimits.PurposeResendCooldown, "us1h:USERHASH", 1, TimeSpan.FromSeconds(30), member),
        ];

        var compact = CooldownEntries.Compact(cooldowns);

        Assert.That(compact, Is.EqualTo("abcdXYZ123 PHONEHASH USERHASH"));
        Assert.That(CooldownEntries.Expand(compact).Select(c => (c.Key, c.Member)),
            Is.EqualTo(cooldowns.Select(c => (c.Key, c.Member))));
        Assert.That(CooldownEntries.Compact([]), Is.Empty);
        Assert.That(CooldownEntries.Expand(""), Is.Empty);
    }

    [Test]
    public void CooldownEntries_KeepAKeyOfAnotherScopeWhole() =>
        Assert.That(CooldownEntries.Expand(CooldownEntries.Compact([new(AbuseLimits.ResendCooldown, "rc:OLD", 1, TimeSpan.Zero, "m")]))
            .Single().Key, Is.EqualTo("rc:OLD"));
}
