using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureOtp.SampleLogin.BrowserTests;

/// <summary>What a user does on the sample app, one browser tab at a time.</summary>
public sealed class SampleLoginPage(IPage page)
{
    public const string Password = "Correct-horse-7-battery";

    public IPage Page => page;

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.test";

    public static string NewPhone() => "+1415" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000, 9_999_999);

    public async Task RegisterAsync(string email)
    {
        await GoAsync("Account/Register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#register");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your phone");
    }

    public async Task SignInWithPasswordAsync(string email, string expectedHeading)
    {
        await GoAsync("Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync(expectedHeading);
    }

    public async Task SignOutAsync()
    {
        await page.ClickAsync("#logout");
        await Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
    }

    public async Task EnterCodeAsync(string code)
    {
        await page.FillAsync("#code", code);
        await page.ClickAsync("#verify");
    }

    public Task ExpectSignedInAsync(string email) => Expect(page.Locator("#signed-in-as")).ToHaveTextAsync($"Signed in as {email}");

    public Task GoAsync(string path) => page.GotoAsync(new Uri(Services.Sample.BaseUrl, path).ToString());
}
