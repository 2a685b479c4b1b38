using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecureOtp.Client.Identity;

namespace SecureOtp.SampleLogin.Pages.Account;

/// <summary>A one-time recovery code SecureOtp issued at enrolment, redeemed through its Identity provider.</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<IdentityUser> signIn) : PageModel
{
    [BindProperty]
    public string RecoveryCode { get; set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.TwoFactorSignInAsync(SecureOtpTokenProviders.Recovery, RecoveryCode, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return Redirect("/");
        }

        Error = result.IsLockedOut ? "This account is locked for a while." : "That recovery code is not right.";
        return Page();
    }
}
