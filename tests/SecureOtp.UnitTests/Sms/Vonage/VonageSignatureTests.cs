using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.Sms.Vonage;

/// <summary>
/// Vonage's signature scheme against vectors computed independently of this code, with Python's hashlib and hmac:
/// <code>
/// s = "".join("&amp;%s=%s" % (k, v.replace("&amp;", "_").replace("=", "_")) for k, v in sorted(params.items()))
/// hashlib.md5((s + secret).encode()).hexdigest()                                  # md5hash
/// hmac.new(secret.encode(), s.encode(), hashlib.sha256).hexdigest().upper()        # sha256hmac (and md5, sha1, sha512)
/// </code>
/// with <see cref="Parameters"/> and <see cref="Secret"/> below. Case follows Vonage: md5hash lower, HMACs upper.
/// </summary>
public sealed class VonageSignatureTests
{
    private const string Secret = "s3cret-Key";

    /// <summary>A receipt whose values hold '&amp;', '=' and a space, and whose names sort differently by case.</summary>
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["messageId"] = "0A0000001234567B",
        ["status"] = "delivered",
        ["err-code"] = "0",
        ["timestamp"] = "1764633600",
        ["nonce"] = "a=b&c",
        ["msisdn"] = "447700900001",
        ["to"] = "Acme",
        ["client-ref"] = "x y",
    };

    private const string ExpectedSigningString =
        "&client-ref=x y&err-code=0&messageId=0A0000001234567B&msisdn=447700900001&nonce=a_b_c&status=delivered&timestamp=1764633600&to=Acme";

    [Test]
    public void SigningString_SortsByName_AndReplacesAmpersandAndEqualsInValues() =>
        Assert.That(VonageSignature.SigningString(Parameters), Is.EqualTo(ExpectedSigningString));

    [Test]
    public void SigningString_LeavesOutTheSignatureItself() =>
        Assert.That(VonageSignature.SigningString(new Dictionary<string, string>(Parameters) { ["sig"] = "abc" }), Is.EqualTo(ExpectedSigningString));

    [TestCase("md5hash", "7262a4331b1e805d76c7369e3c6d2a16")]
    [TestCase("md5hmac", "D21E178A1081E045BE165869AB0946AB")]
    [TestCase("sha1hmac", "769B3D2E6BCAF76AAF1BA0F60FBFB68E480A0319")]
    [TestCase("sha256hmac", "6B976A9B2D4AF7620EBABEB967F225B92377844648AA88140F38B80B7E878E90")]
    [TestCase("sha512hmac", "AB5B4C074C714A1118FE63BF0BBB9B3FA28D09932D7AFD97C13C4EA9A84B6375485916D98445D357FD8653DA6D018D677E76A3ACD7FCF05CB98194BB6AFA23E2")]
    public void EachMethod_MatchesTheIndependentVector_InEitherCase(string method, string expected)
    {
        Assert.That(VonageSignature.TryParseMethod(method, out var parsed), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(VonageSignature.Compute(ExpectedSigningString, Secret, parsed), Is.EqualTo(expected.ToLowerInvariant()));
            Assert.That(VonageSignature.IsValid(Parameters, expected, Secret, parsed), Is.True, "as Vonage writes it");
            Assert.That(VonageSignature.IsValid(Parameters, expected.ToLowerInvariant(), Secret, parsed), Is.True, "lower case");
            Assert.That(VonageSignature.IsValid(Parameters, expected.ToUpperInvariant(), Secret, parsed), Is.True, "upper case");
        });
    }

    [TestCase("md5hash")]
    [TestCase("sha256hmac")]
    public void IsValid_RefusesAnotherSecret_AChangedValue_AndAMissingOrTruncatedSignature(string method)
    {
        Assert.That(VonageSignature.TryParseMethod(method, out var m), Is.True);
        var good = VonageSignature.Compute(ExpectedSigningString, Secret, m);
        var changed = new Dictionary<string, string>(Parameters) { ["status"] = "failed" };
        Assert.Multiple(() =>
        {
            Assert.That(VonageSignature.IsValid(Parameters, good, "another-secret", m), Is.False);
            Assert.That(VonageSignature.IsValid(changed, good, Secret, m), Is.False);
            Assert.That(VonageSignature.IsValid(Parameters, null, Secret, m), Is.False);
            Assert.That(VonageSignature.IsValid(Parameters, "", Secret, m), Is.False);
            Assert.That(VonageSignature.IsValid(Parameters, good[..^2], Secret, m), Is.False);
        });
    }

    [Test]
    public void Md5Hash_IsNotAnHmac()
    {
        Assert.That(VonageSignature.TryParseMethod("md5hmac", out var hmac) & VonageSignature.TryParseMethod("md5hash", out var hash), Is.True);
        Assert.That(VonageSignature.Compute(ExpectedSigningString, Secret, hash), Is.Not.EqualTo(VonageSignature.Compute(ExpectedSigningString, Secret, hmac)));
    }

    [TestCase("MD5HASH", true)]
    [TestCase("sha256hmac", true)]
    [TestCase("sha256", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void TryParseMethod_KnowsVonagesFiveMethods(string? name, bool known) =>
        Assert.That(VonageSignature.TryParseMethod(name, out _), Is.EqualTo(known));
}
