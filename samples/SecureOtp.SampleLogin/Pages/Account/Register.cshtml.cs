using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SecureOtp.SampleLogin.Pages.Account;

public sealed class RegisterModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnPostAsync()
    {
        var user = new IdentityUser { UserName = Email, Email = Email };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            Errors = [.. created.Errors.Select(e => e.Description)];
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/Account/Manage/Phone");
    }
}
