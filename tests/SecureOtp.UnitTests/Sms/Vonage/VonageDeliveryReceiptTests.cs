using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.Sms.Vonage;

public sealed class VonageDeliveryReceiptTests
{
    [TestCase("delivered", "delivered")]
    [TestCase("DELIVERED", "delivered")]
    [TestCase("failed", "failed")]
    [TestCase("expired", "expired")]
    [TestCase("rejected", "rejected")]
    [TestCase("accepted", "submitted")]
    [TestCase("buffered", "submitted")]
    [TestCase("unknown", "unknown")]
    public void VonageStatuses_MapToDeliveryStates(string vonage, string expected)
    {
        Assert.That(VonageDeliveryReceipt.TryParse(Receipt(status: vonage), out var receipt, out _), Is.True);
        Assert.That(receipt.Status, Is.EqualTo(expected));
    }

    [Test]
    public void ErrorCodeZero_IsNoError()
    {
        Assert.That(VonageDeliveryReceipt.TryParse(Receipt(errCode: "0"), out var receipt, out _), Is.True);
        Assert.That(receipt.ErrorCode, Is.Null);
    }

    [TestCase("messageId", null)]
    [TestCase("messageId", "")]
    [TestCase("messageId", "has space")]
    [TestCase("status", null)]
    [TestCase("status", "read")]
    [TestCase("err-code", "12a")]
    [TestCase("err-code", "123456789")]
    public void MissingOrBadField_IsMalformed_NamingTheField(string field, string? value)
    {
        var parameters = Receipt();
        if (value is null)
        {
            parameters.Remove(field);
        }
        else
        {
            parameters[field] = value;
        }

        Assert.That(VonageDeliveryReceipt.TryParse(parameters, out _, out var error), Is.False);
        Assert.That(error.Key, Is.EqualTo(field));
    }

    private static Dictionary<string, string> Receipt(string status = "delivered", string errCode = "0") =>
        new() { ["messageId"] = "0A0000001234567B", ["status"] = status, ["err-code"] = errCode };
}
