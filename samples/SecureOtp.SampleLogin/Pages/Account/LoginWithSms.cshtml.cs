using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecureOtp.Client;
using SecureOtp.Client.Identity;
using SecureOtp.SampleLogin.Events;

namespace SecureOtp.SampleLogin.Pages.Account;

/// <summary>
/// The second step by SMS. The page sends through the client itself (it keeps the verification id for "call me
/// instead"); the code is checked by Identity with SecureOtp's SMS token provider (verify by user and purpose).
/// </summary>
public sealed class LoginWithSmsModel(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, ISecureOtpClient secureOtp,
    ServiceFeatures features) : PageModel
{
    [BindProperty]
    public string? VerificationId { get; set; }

    [BindProperty]
    public string Code { get; set; } = "";

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public bool CanCallInstead { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/Account/Login");
        }

        var sent = await secureOtp.SendAsync(new SendRequest
        {
            UserId = await users.GetUserIdAsync(user),
            PhoneNumber = (await users.GetPhoneNumberAsync(user))!,
            Purpose = SecureOtpPurposes.FromIdentity(SecureOtpPurposes.IdentityTwoFactor),
            ClientIp = HttpContext.Connection.RemoteIpAddress?.ToString(),
        });
        if (sent.Succeeded)
        {
            VerificationId = sent.Value.VerificationId;
            Notice = "We texted you a code.";
        }
        else
        {
            Error = Describe(sent.Problem);
        }

        await OfferCallAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.TwoFactorSignInAsync(SecureOtpTokenProviders.Sms, Code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return Redirect("/");
        }

        Error = result.IsLockedOut ? "This account is locked for a while." : "That code is not right. Try again.";
        Code = "";
        await OfferCallAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCallMeAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null || VerificationId is null)
        {
            return Redirect("/Account/Login");
        }

        var called = await secureOtp.ResendAsync(VerificationId, OtpChannels.Voice);
        Notice = called.Succeeded ? "We are calling you with the same code." : null;
        Error = called.Succeeded ? null : Describe(called.Problem);
        await OfferCallAsync();
        return Page();
    }

    private async Task OfferCallAsync() => CanCallInstead = VerificationId is not null && await features.CanResendAsync();

    private static string Describe(OtpProblem problem) => problem switch
    {
        ResendTooSoon wait => $"We sent you a code moments ago; it still works. A new one is possible in {Seconds(wait.RetryAfter)} s.",
        RateLimited => "Too many codes were asked for. Try again later.",
        DestinationUnreachable or DestinationNotAllowed => "We cannot send a code to this number.",
        SmsUnavailable => "Texts are not going out right now. Try again in a moment.",
        _ => "We could not send a code.",
    };

    private static int Seconds(TimeSpan? wait) => (int)Math.Ceiling((wait ?? TimeSpan.Zero).TotalSeconds);
}
