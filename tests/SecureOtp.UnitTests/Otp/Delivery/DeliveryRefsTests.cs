using SecureOtp.Api.Otp.Delivery;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp.Delivery;

public sealed class DeliveryRefsTests
{
    [Test]
    public void MessageRef_IsKeyed_AndHidesTheMessageId()
    {
        var a = TestKeys.NewPseudonymKey();
        var b = TestKeys.NewPseudonymKey();
        var id = "0A0000001234567B";
        Assert.Multiple(() =>
        {
            Assert.That(DeliveryRefs.Message(a, "vonage", id), Is.EqualTo(DeliveryRefs.Message(a, "vonage", string.Concat("0A00", "00001234567B"))), "stable");
            Assert.That(DeliveryRefs.Message(a, "vonage", id), Is.Not.EqualTo(DeliveryRefs.Message(b, "vonage", id)), "another key, another name");
            Assert.That(DeliveryRefs.Message(a, "vonage", id), Does.Not.Contain(id));
        });
    }

    [Test]
    public void PurposeLabels_AreBounded_SoInventedPurposesCannotMultiplySeries()
    {
        var labels = Enumerable.Range(0, DeliveryRefs.MaxPurposeLabels + 50).Select(i => DeliveryRefs.Purpose("p-" + Guid.NewGuid().ToString("N")[..8])).ToList();
        Assert.That(labels.Distinct().Count(), Is.LessThanOrEqualTo(DeliveryRefs.MaxPurposeLabels + 1));
        Assert.That(labels, Does.Contain(DeliveryRefs.OtherPurpose));
    }
}
