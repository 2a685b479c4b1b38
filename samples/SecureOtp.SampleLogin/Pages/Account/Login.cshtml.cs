using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecureOtp.Client.Identity;

namespace SecureOtp.SampleLogin.Pages.Account;

public sealed class LoginModel(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return Redirect("/");
        }

        if (result.RequiresTwoFactor)
        {
            // The SMS factor first when the user has it; the authenticator page offers the way back.
            var user = await signIn.GetTwoFactorAuthenticationUserAsync();
            var factors = user is null ? [] : await users.GetValidTwoFactorProvidersAsync(user);
            return Redirect(factors.Contains(SecureOtpTokenProviders.Sms) ? "/Account/LoginWithSms" : "/Account/LoginWithAuthenticator");
        }

        Error = result.IsLockedOut ? "This account is locked for a while." : "Wrong email or password.";
        return Page();
    }
}
