using Microsoft.AspNetCore.Identity;

namespace SecureOtp.Client.Identity;

/// <summary>
/// Identity's authenticator-app provider on SecureOtp's TOTP: the secret lives (sealed) in SecureOtp, never in the
/// application's user store. Enrol with <see cref="ISecureOtpClient.TotpEnrollAsync"/> and
/// <see cref="ISecureOtpClient.TotpConfirmAsync"/>; sign in with <c>SignInManager.TwoFactorAuthenticatorSignInAsync</c>.
/// </summary>
/// <typeparam name="TUser">The Identity user type.</typeparam>
public sealed class SecureOtpAuthenticatorTokenProvider<TUser>(ISecureOtpClient client) : IUserTwoFactorTokenProvider<TUser>
    where TUser : class
{
    /// <summary>True when the user has an active (confirmed) enrolment in SecureOtp.</summary>
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var status = await client.TotpGetAsync(await manager.GetUserIdAsync(user).ConfigureAwait(false)).ConfigureAwait(false);
        return status.Succeeded && status.Value.Status == "active";
    }

    /// <summary>Empty: the user's app computes the code.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user) => Task.FromResult(string.Empty);

    /// <summary>Verifies the app's code with SecureOtp (each time step once; wrong codes count toward its lock).</summary>
    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var code = token?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        var userId = await manager.GetUserIdAsync(user).ConfigureAwait(false);
        return (await client.TotpVerifyAsync(userId, code).ConfigureAwait(false)).Succeeded;
    }
}
