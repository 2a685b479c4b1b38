using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecureOtp.Client;

namespace SecureOtp.SampleLogin.Pages.Account.Manage;

/// <summary>
/// Enrols an authenticator app with SecureOtp: the QR code and key are shown once and kept nowhere here; the confirming
/// code activates it and SecureOtp returns the recovery codes, which are shown once too.
/// </summary>
public sealed class AuthenticatorModel(UserManager<IdentityUser> users, ISecureOtpClient secureOtp) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    public bool Active { get; private set; }

    public TotpEnrollment? Enrolment { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        var status = await secureOtp.TotpGetAsync(users.GetUserId(User)!);
        Active = status.Succeeded && status.Value.Status == "active";
    }

    public async Task<IActionResult> OnPostEnrollAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var enrolled = await secureOtp.TotpEnrollAsync(new TotpEnrollRequest { UserId = user.Id, AccountName = user.Email, Issuer = "SampleLogin" });
        if (enrolled.Succeeded)
        {
            Enrolment = enrolled.Value;
        }
        else
        {
            Error = enrolled.Problem is AlreadyEnrolled ? "You already have an authenticator app." : "Setting up failed; try again.";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var confirmed = await secureOtp.TotpConfirmAsync(user.Id, Code.Trim());
        if (!confirmed.Succeeded)
        {
            Error = confirmed.Problem switch
            {
                IncorrectCode wrong => $"That code is not right ({wrong.AttemptsRemaining} tries left). Start again to see the key.",
                NotEnrolled => "That set-up expired; start again.",
                _ => "Confirming failed; start again.",
            };
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = confirmed.Value.RecoveryCodes;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        await secureOtp.TotpDeleteAsync(users.GetUserId(User)!);
        return RedirectToPage();
    }
}
