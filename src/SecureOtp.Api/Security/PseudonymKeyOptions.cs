using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

/// <summary>
/// <c>Otp:PseudonymKey</c> as Security registers it for every part that names users, tenants and limits by pseudonym (the
/// SMS and authenticator factors, the limits, the SIM-swap cache), so none depends on another registering it. The key
/// keeps its name under <c>Otp:</c>, where operators already set it.
/// </summary>
internal sealed class PseudonymKeyOptions
{
    public const string Section = "Otp";

    public const int MinSecretBytes = 32;

    /// <summary>Base64 secret of at least <see cref="MinSecretBytes"/> bytes; never rotated with the code keys.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>The key the rest of the service uses (the value was validated at start).</summary>
    public PseudonymKey Key() => new(Convert.FromBase64String(PseudonymKey!));
}

/// <summary>Refuses to start without a pseudonym key of enough entropy, naming the setting and never echoing it.</summary>
internal sealed class PseudonymKeyOptionsValidator : IValidateOptions<PseudonymKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, PseudonymKeyOptions options)
    {
        var secret = options.PseudonymKey ?? "";
        var bytes = new byte[secret.Length];
        return Convert.TryFromBase64String(secret, bytes, out var length) && length >= PseudonymKeyOptions.MinSecretBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Otp:PseudonymKey must be base64 of at least {PseudonymKeyOptions.MinSecretBytes} random bytes " +
                "(openssl rand -base64 32). It keys user tags and limits and is not rotated with Otp:HashKeys.");
    }
}
