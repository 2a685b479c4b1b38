using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>Fresh random secrets per test: nothing depends on a constant key.</summary>
internal static class TestKeys
{
    public static string NewSecret(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public static HashKey NewKey(string id = "k1") => new(id, RandomNumberGenerator.GetBytes(32));

    /// <summary>Default policy with one valid key, <c>k1</c>, active.</summary>
    public static OtpOptions ValidOptions() => new()
    {
        HashKeys = new(StringComparer.Ordinal) { ["k1"] = NewSecret() },
        ActiveHashKeyId = "k1",
        PseudonymKey = NewSecret(),
    };

    public static HashKeyRing Ring(OtpOptions options) => OtpOptions.KeyRing(options);

    /// <summary>A fresh pseudonym key (Otp:PseudonymKey), apart from the code keys as in production.</summary>
    public static PseudonymKey NewPseudonymKey() => new(RandomNumberGenerator.GetBytes(32));
}
