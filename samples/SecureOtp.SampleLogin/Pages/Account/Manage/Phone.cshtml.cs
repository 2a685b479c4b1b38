using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecureOtp.Client;

namespace SecureOtp.SampleLogin.Pages.Account.Manage;

/// <summary>
/// Adds a phone: SecureOtp texts a code (purpose <c>phone-confirm</c>) and verifies it by id; only then is the number
/// stored, confirmed, and SMS two-factor turned on. The number waiting for its code stays in protected TempData, so the
/// browser cannot swap it after the code was checked.
/// </summary>
public sealed class PhoneModel(UserManager<IdentityUser> users, ISecureOtpClient secureOtp) : PageModel
{
    private const string PendingPhone = "pending-phone";
    private const string PendingVerification = "pending-verification";

    [BindProperty]
    public string PhoneNumber { get; set; } = "";

    [BindProperty]
    public string Code { get; set; } = "";

    public bool AwaitingCode { get; private set; }

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        Notice = user?.PhoneNumberConfirmed == true ? $"Codes go to your phone ending {user.PhoneNumber![^2..]}." : null;
    }

    public async Task<IActionResult> OnPostSendAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var sent = await secureOtp.SendAsync(new SendRequest { UserId = user.Id, PhoneNumber = PhoneNumber.Trim(), Purpose = "phone-confirm" });
        if (!sent.Succeeded)
        {
            Error = sent.Problem is ValidationFailed ? "That is not a phone number in +country format." : $"We could not text that number ({sent.Problem.Type}).";
            return Page();
        }

        TempData[PendingPhone] = PhoneNumber.Trim();
        TempData[PendingVerification] = sent.Value.VerificationId;
        AwaitingCode = true;
        Notice = "We texted you a code.";
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null || TempData.Peek(PendingPhone) is not string phone || TempData.Peek(PendingVerification) is not string verificationId)
        {
            return RedirectToPage();
        }

        var verified = await secureOtp.VerifyAsync(new VerifyRequest { VerificationId = verificationId, Code = Code.Trim(), UserId = user.Id });
        if (!verified.Succeeded)
        {
            AwaitingCode = verified.Problem is IncorrectCode or ValidationFailed;
            Error = verified.Problem is IncorrectCode wrong ? $"That code is not right ({wrong.AttemptsRemaining} tries left)." : "Start again: that code no longer works.";
            return Page();
        }

        TempData.Remove(PendingPhone);
        TempData.Remove(PendingVerification);
        user.PhoneNumber = phone;
        user.PhoneNumberConfirmed = true;
        await users.UpdateAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        Notice = "Your phone is confirmed; sign-ins now ask for a code.";
        return Page();
    }
}
