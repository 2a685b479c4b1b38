using SecureOtp.Api.Webhooks;

namespace SecureOtp.UnitTests.Webhooks;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks specification's published test vector: a signer that reproduces it is verified by every
    // receiver library written to the spec.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Test]
    public void Sign_TheSpecsVector_GivesItsSignature()
    {
        Assert.That(WebhookSecret.TryParse(VectorSecret, out var key), Is.True);

        var signature = WebhookSigner.Sign(VectorId, DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), VectorBody, [key]);

        Assert.That(signature, Is.EqualTo(VectorSignature));
    }

    [Test]
    public void Sign_DuringARotation_ListsOneSignaturePerSecret_CurrentFirst_SpaceSeparated()
    {
        Assert.That(WebhookSecret.TryParse(VectorSecret, out var current), Is.True);
        var previous = new byte[32];

        var signature = WebhookSigner.Sign(VectorId, DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), VectorBody, [current, previous]);

        var parts = signature.Split(' ');
        Assert.That(parts, Has.Length.EqualTo(2));
        Assert.That(parts[0], Is.EqualTo(VectorSignature));
        Assert.That(parts[1], Does.StartWith("v1,").And.Not.EqualTo(VectorSignature));
    }

    [TestCase("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [TestCase("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)] // no prefix
    [TestCase("whsec_", false)] // an empty key would let anyone sign
    [TestCase("whsec_c2hvcnQ=", false)] // 5 bytes: below the spec's 24
    [TestCase("whsec_not base64!", false)]
    [TestCase(null, false)]
    public void TryParse_AcceptsOnlyWhsecWith24To64Bytes(string? secret, bool valid) =>
        Assert.That(WebhookSecret.TryParse(secret, out _), Is.EqualTo(valid));

    [Test]
    public void TryParse_64Bytes_Accepted_65Refused()
    {
        Assert.That(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[64]), out var key), Is.True);
        Assert.That(key, Has.Length.EqualTo(64));
        Assert.That(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[65]), out _), Is.False);
    }
}
