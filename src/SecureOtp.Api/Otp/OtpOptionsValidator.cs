using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>Refuses to start with a code policy weaker than NIST/ASVS allow, naming the configuration key at fault.</summary>
internal sealed partial class OtpOptionsValidator : IValidateOptions<OtpOptions>
{
    public const int MinSecretBytes = 32;
    public const int MaxHashKeys = 8;

    public ValidateOptionsResult Validate(string? name, OtpOptions options)
    {
        var failures = new List<string>();

        if (options.CodeLength is < 4 or > 10)
        {
            failures.Add($"Otp:CodeLength must be between 4 and 10 (was {options.CodeLength}).");
        }
        else if (options.CodeLength < 6 && !options.AllowShortCodes)
        {
            failures.Add($"Otp:CodeLength {options.CodeLength} is below 6 digits (under 20 bits); set Otp:AllowShortCodes=true to allow it deliberately.");
        }

        if (options.Ttl < TimeSpan.FromSeconds(30) || options.Ttl > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Otp:Ttl must be between 00:00:30 and 00:10:00 (NIST SP 800-63B caps it at 10 minutes); was {options.Ttl}.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"Otp:MaxAttempts must be between 1 and 10 (was {options.MaxAttempts}).");
        }

        if (options.ResendCooldown < TimeSpan.Zero || options.ResendCooldown > options.Ttl)
        {
            failures.Add($"Otp:ResendCooldown must be between 0 and Otp:Ttl (was {options.ResendCooldown}).");
        }

        if (options.IdempotencyRetention < TimeSpan.FromMinutes(1) || options.IdempotencyRetention > TimeSpan.FromDays(7))
        {
            failures.Add($"Otp:IdempotencyRetention must be between 00:01:00 and 7.00:00:00 (was {options.IdempotencyRetention}).");
        }

        ValidateHashKeys(options, failures);
        ValidatePseudonymKey(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateHashKeys(OtpOptions options, List<string> failures)
    {
        if (options.HashKeys.Count == 0)
        {
            failures.Add("Otp:HashKeys must hold at least one secret (Otp:HashKeys:<keyId> = base64 of at least 32 random bytes).");
        }
        else if (options.HashKeys.Count > MaxHashKeys)
        {
            // Verify hashes the presented code under every configured key (see CodeHasher), so the count is bounded.
            failures.Add($"Otp:HashKeys holds {options.HashKeys.Count} keys; at most {MaxHashKeys}. Remove keys retired longer than Otp:Ttl ago.");
        }

        foreach (var (keyId, secret) in options.HashKeys)
        {
            if (!KeyIdPattern().IsMatch(keyId))
            {
                failures.Add($"Otp:HashKeys:{keyId}: a key id is 1-32 characters of [A-Za-z0-9_-].");
            }

            var bytes = new byte[secret.Length];
            if (!Convert.TryFromBase64String(secret, bytes, out var length) || length < MinSecretBytes)
            {
                // Never echo the secret itself, not even a malformed one.
                failures.Add($"Otp:HashKeys:{keyId} must be base64 of at least {MinSecretBytes} bytes.");
            }
        }

        if (string.IsNullOrEmpty(options.ActiveHashKeyId))
        {
            failures.Add("Otp:ActiveHashKeyId must name the key in Otp:HashKeys used for new codes.");
        }
        else if (!options.HashKeys.ContainsKey(options.ActiveHashKeyId))
        {
            failures.Add($"Otp:ActiveHashKeyId '{options.ActiveHashKeyId}' is not one of Otp:HashKeys.");
        }
    }

    /// <summary>Its form is <see cref="PseudonymKeyOptionsValidator"/>'s to check; only the code policy knows the hash keys.</summary>
    private static void ValidatePseudonymKey(OtpOptions options, List<string> failures)
    {
        var secret = options.PseudonymKey ?? "";
        var bytes = new byte[secret.Length];
        if (Convert.TryFromBase64String(secret, bytes, out var length)
            && options.HashKeys.Values.Any(hashKey => SameSecret(hashKey, bytes.AsSpan(0, length))))
        {
            // Never echo the secret; say only which rule it breaks.
            failures.Add("Otp:PseudonymKey must be a secret of its own, not one of Otp:HashKeys.");
        }
    }

    private static bool SameSecret(string base64, ReadOnlySpan<byte> secret)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length)
            && CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, length), secret);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex KeyIdPattern();
}
