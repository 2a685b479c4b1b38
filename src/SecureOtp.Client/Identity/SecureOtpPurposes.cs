namespace SecureOtp.Client.Identity;

/// <summary>Maps Identity's token purposes onto SecureOtp's <c>[a-z0-9_-]{1,32}</c> purposes.</summary>
public static class SecureOtpPurposes
{
    /// <summary>Identity's purpose for a two-factor sign-in; SecureOtp calls it <c>login</c>.</summary>
    public const string IdentityTwoFactor = "TwoFactor";

    /// <summary>
    /// The SecureOtp purpose for an Identity purpose: <c>TwoFactor</c> → <c>login</c>; otherwise the part before the
    /// first <c>:</c> (Identity appends data there, e.g. the new phone number of <c>ChangePhoneNumber:+…</c>, which
    /// must not leave the application), lower-cased, other characters dropped, at most 32.
    /// </summary>
    public static string FromIdentity(string identityPurpose)
    {
        ArgumentNullException.ThrowIfNull(identityPurpose);
        var name = identityPurpose.Split(':', 2)[0];
        if (name.Equals(IdentityTwoFactor, StringComparison.OrdinalIgnoreCase))
        {
            return "login";
        }

        var mapped = new string([.. name.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_').Take(32)]);
        return mapped.Length == 0 ? "login" : mapped;
    }
}
