using Microsoft.AspNetCore.Identity;

namespace SecureOtp.Client.Identity;

/// <summary>
/// Sign-in with one of the recovery codes SecureOtp issued at authenticator enrolment
/// (<c>SignInManager.TwoFactorSignInAsync(SecureOtpTokenProviders.Recovery, code, …)</c>). The application stores no
/// recovery code: SecureOtp keeps keyed hashes and burns each code on use. Never offered as a two-factor choice.
/// </summary>
/// <typeparam name="TUser">The Identity user type.</typeparam>
public sealed class SecureOtpRecoveryCodeTokenProvider<TUser>(ISecureOtpClient client) : IUserTwoFactorTokenProvider<TUser>
    where TUser : class
{
    /// <summary>False: a recovery code is a way back in, not a factor to pick.</summary>
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TUser> manager, TUser user) => Task.FromResult(false);

    /// <summary>Empty: recovery codes are issued at enrolment only.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user) => Task.FromResult(string.Empty);

    /// <summary>Redeems the recovery code with SecureOtp.</summary>
    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (string.IsNullOrWhiteSpace(token))
        {
            return false;
        }

        var userId = await manager.GetUserIdAsync(user).ConfigureAwait(false);
        return (await client.TotpRecoverAsync(userId, token.Trim()).ConfigureAwait(false)).Succeeded;
    }
}
