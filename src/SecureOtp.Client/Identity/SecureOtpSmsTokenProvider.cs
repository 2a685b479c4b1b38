using Microsoft.AspNetCore.Identity;

namespace SecureOtp.Client.Identity;

/// <summary>
/// Identity two-factor codes by SMS through SecureOtp: generate asks SecureOtp to send a code to the user's confirmed
/// phone number (and returns <see cref="SecureOtpTokenProviders.SentByService"/>: the application never sees the code),
/// validate verifies by user and purpose. SecureOtp keeps the code, its attempts and its expiry; the application nothing.
/// </summary>
/// <typeparam name="TUser">The Identity user type.</typeparam>
public sealed class SecureOtpSmsTokenProvider<TUser>(ISecureOtpClient client) : IUserTwoFactorTokenProvider<TUser>
    where TUser : class
{
    /// <summary>True when the user has a confirmed phone number.</summary>
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrEmpty(await manager.GetPhoneNumberAsync(user).ConfigureAwait(false))
            && await manager.IsPhoneNumberConfirmedAsync(user).ConfigureAwait(false);
    }

    /// <summary>Sends a code to the user's phone; throws <see cref="SecureOtpSendException"/> when SecureOtp refuses.</summary>
    public async Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var phone = await manager.GetPhoneNumberAsync(user).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The user has no phone number.");
        var request = new SendRequest
        {
            UserId = await manager.GetUserIdAsync(user).ConfigureAwait(false),
            PhoneNumber = phone,
            Purpose = SecureOtpPurposes.FromIdentity(purpose),
        };
        var sent = await client.SendAsync(request).ConfigureAwait(false);
        return sent.Succeeded ? SecureOtpTokenProviders.SentByService : throw new SecureOtpSendException(sent.Problem);
    }

    /// <summary>Verifies <paramref name="token"/> (the code the user typed) against the user's live code for the purpose.</summary>
    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (string.IsNullOrWhiteSpace(token))
        {
            return false;
        }

        var request = new VerifyByUserRequest
        {
            UserId = await manager.GetUserIdAsync(user).ConfigureAwait(false),
            Purpose = SecureOtpPurposes.FromIdentity(purpose),
            Code = token.Trim(),
        };
        return (await client.VerifyByUserAsync(request).ConfigureAwait(false)).Succeeded;
    }
}
