using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SecureOtp.SampleLogin.Pages.Account;

/// <summary>Identity's own authenticator sign-in; SecureOtp's provider is Identity's authenticator provider, so SecureOtp checks the code.</summary>
public sealed class LoginWithAuthenticatorModel(SignInManager<IdentityUser> signIn) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return Redirect("/");
        }

        Error = result.IsLockedOut ? "This account is locked for a while." : "That code is not right. Try again.";
        return Page();
    }
}
