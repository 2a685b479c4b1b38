using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>API keys the test host is configured with: one per scope combination.</summary>
public static class TestApiKeys
{
    public const string Full = "test-key-full-0123456789";
    public const string SendOnly = "test-key-send-0123456789";
    public const string VerifyOnly = "test-key-verify-0123456789";

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        foreach (var (client, key, scopes) in new[]
                 {
                     ("full", Full, new[] { "otp:send", "otp:verify" }),
                     ("sender", SendOnly, new[] { "otp:send" }),
                     ("verifier", VerifyOnly, new[] { "otp:verify" }),
                 })
        {
            yield return new($"Auth:ApiKeys:{client}:KeyHash", Hash(key));
            for (var i = 0; i < scopes.Length; i++)
            {
                yield return new($"Auth:ApiKeys:{client}:Scopes:{i}", scopes[i]);
            }
        }
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
