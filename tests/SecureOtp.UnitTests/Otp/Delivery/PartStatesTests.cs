using SecureOtp.Api.Otp.Delivery;

namespace SecureOtp.UnitTests.Otp.Delivery;

/// <summary>How part receipts add up to a text's state (the in-process twin of delivery_receipt.lua).</summary>
public sealed class PartStatesTests
{
    [TestCase(new[] { "delivered" }, "delivered")]
    [TestCase(new[] { "delivered", "submitted" }, "submitted")]
    [TestCase(new[] { "delivered", "delivered", "delivered" }, "delivered")]
    [TestCase(new[] { "delivered", "failed" }, "failed")]
    [TestCase(new[] { "expired", "rejected" }, "expired")]
    [TestCase(new[] { "submitted", "rejected" }, "rejected")]
    [TestCase(new[] { "delivered", "unknown" }, "unknown")]
    [TestCase(new[] { "unknown", "submitted" }, "submitted")]
    public void Whole_IsDeliveredOnlyWhenEveryPartIs_AndAnyFailureDecides(string[] parts, string expected) =>
        Assert.That(PartStates.Whole(parts), Is.EqualTo(expected));

    private static readonly string[] Progress = ["submitted", "unknown", "delivered"];

    [Test]
    public void Rank_OnlyMovesForward_FromSubmittedThroughUnknownToAFinalAnswer() =>
        Assert.That(Progress.Select(PartStates.Rank), Is.Ordered.Ascending.And.Unique);
}
