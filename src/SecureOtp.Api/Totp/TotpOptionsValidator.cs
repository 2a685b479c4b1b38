using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Totp;

/// <summary>Refuses to start with a TOTP policy or key ring that would be weak or unusable, naming the key at fault.</summary>
internal sealed partial class TotpOptionsValidator : IValidateOptions<TotpOptions>
{
    public const int SecretKeyBytes = 32;
    public const int MaxIssuerLength = 64;

    public ValidateOptionsResult Validate(string? name, TotpOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"Totp:MaxAttempts must be between 1 and 10 (was {options.MaxAttempts}).");
        }

        if (options.LockDuration < TimeSpan.FromMinutes(1) || options.LockDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"Totp:LockDuration must be between 00:01:00 and 1.00:00:00 (was {options.LockDuration}).");
        }

        if (options.AllowedSkewSteps is < 0 or > 2)
        {
            failures.Add($"Totp:AllowedSkewSteps must be between 0 and 2 (was {options.AllowedSkewSteps}); RFC 6238 recommends at most 1.");
        }

        if (!TotpRequestValidation.IsValidLabelPart(options.Issuer, MaxIssuerLength))
        {
            failures.Add($"Totp:Issuer must be 1-{MaxIssuerLength} printable characters without ':'.");
        }

        if (options.PendingTtl < TimeSpan.FromMinutes(1) || options.PendingTtl > TimeSpan.FromDays(1))
        {
            failures.Add($"Totp:PendingTtl must be between 00:01:00 and 1.00:00:00 (was {options.PendingTtl}).");
        }

        ValidateSecretKeys(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSecretKeys(TotpOptions options, List<string> failures)
    {
        if (options.SecretKeys.Count == 0)
        {
            failures.Add("Totp:SecretKeys must hold at least one key (Totp:SecretKeys:<keyId> = base64 of 32 random bytes, " +
                "e.g. openssl rand -base64 32) and Totp:ActiveSecretKeyId must name it: authenticator secrets are sealed under it.");
            return;
        }

        foreach (var (keyId, secret) in options.SecretKeys)
        {
            if (!KeyIdPattern().IsMatch(keyId))
            {
                failures.Add($"Totp:SecretKeys:{keyId}: a key id is 1-32 characters of [A-Za-z0-9_-].");
            }

            // A key set to null (an empty environment variable) binds as null: refused like any other bad value.
            var bytes = new byte[secret?.Length ?? 0];
            if (secret is null || !Convert.TryFromBase64String(secret, bytes, out var length) || length != SecretKeyBytes)
            {
                // Never echo the secret itself, not even a malformed one.
                failures.Add($"Totp:SecretKeys:{keyId} must be base64 of exactly {SecretKeyBytes} random bytes (an AES-256 key).");
            }
        }

        if (string.IsNullOrEmpty(options.ActiveSecretKeyId))
        {
            failures.Add("Totp:ActiveSecretKeyId must name the key in Totp:SecretKeys that seals new enrolments.");
        }
        else if (!options.SecretKeys.ContainsKey(options.ActiveSecretKeyId))
        {
            failures.Add($"Totp:ActiveSecretKeyId '{options.ActiveSecretKeyId}' is not one of Totp:SecretKeys.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex KeyIdPattern();
}
