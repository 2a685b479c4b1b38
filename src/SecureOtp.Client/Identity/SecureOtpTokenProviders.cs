using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SecureOtp.Client.Identity;

/// <summary>The names the SecureOtp token providers are registered under, and their registration.</summary>
public static class SecureOtpTokenProviders
{
    /// <summary>SMS (or voice) codes sent and verified by SecureOtp.</summary>
    public const string Sms = "SecureOtpSms";

    /// <summary>Authenticator apps, enrolled and verified by SecureOtp (set as Identity's authenticator provider).</summary>
    public const string Authenticator = "SecureOtpAuthenticator";

    /// <summary>One-time recovery codes issued at authenticator enrolment; use with <c>SignInManager.TwoFactorSignInAsync(Recovery, …)</c>.</summary>
    public const string Recovery = "SecureOtpRecovery";

    /// <summary>
    /// What the SMS provider's generate step returns: the code went to the phone and the application never sees it.
    /// </summary>
    public const string SentByService = "sent-by-secureotp";

    /// <summary>
    /// Registers the three providers and makes <see cref="Authenticator"/> Identity's authenticator provider, so
    /// <c>TwoFactorAuthenticatorSignInAsync</c> checks codes with SecureOtp and the application stores no secret.
    /// </summary>
    public static IdentityBuilder AddSecureOtpTokenProviders<TUser>(this IdentityBuilder builder)
        where TUser : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTokenProvider<SecureOtpSmsTokenProvider<TUser>>(Sms);
        builder.AddTokenProvider<SecureOtpAuthenticatorTokenProvider<TUser>>(Authenticator);
        builder.AddTokenProvider<SecureOtpRecoveryCodeTokenProvider<TUser>>(Recovery);
        builder.Services.Configure<IdentityOptions>(o => o.Tokens.AuthenticatorTokenProvider = Authenticator);
        return builder;
    }
}
