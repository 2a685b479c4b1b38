using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace SecureOtp.SampleLogin.BrowserTests;

/// <summary>
/// The sample login app in chromium against a real SecureOtp and Redis: SMS sign-in (a wrong code, then the right one
/// from the outbox) and the signed verification.approved event it causes on the events page, the authenticator enrolment
/// from the QR's secret, and a recovery-code sign-in.
/// </summary>
public sealed class SignInTests
{
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private IBrowserContext context = null!;
    private SampleLoginPage user = null!;

    [OneTimeSetUp]
    public async Task LaunchAsync()
    {
        Assert.That(File.Exists(Chromium), Is.True, "Debian's chromium package is needed (./build.sh test installs it)");
        SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }

    [SetUp]
    public async Task NewTabAsync()
    {
        context = await browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        user = new SampleLoginPage(await context.NewPageAsync());
    }

    [TearDown]
    public async Task CloseTabAsync() => await context.CloseAsync();

    [Test]
    public async Task Sign_in_with_password_and_sms_code_a_wrong_code_then_the_right_one()
    {
        var (email, phone, seen) = await UpToTheSmsCodeAsync();
        var code = await Services.NextCodeAsync(phone, seen);
        await user.EnterCodeAsync(code == "000000" ? "111111" : "000000");
        await Expect(user.Page.Locator("#error")).ToHaveTextAsync("That code is not right. Try again.");
        await user.EnterCodeAsync(code);

        await user.ExpectSignedInAsync(email);
    }

    [Test]
    public async Task After_an_sms_sign_in_the_events_page_lists_its_signed_approval()
    {
        var (email, phone, seen) = await UpToTheSmsCodeAsync();
        var verificationId = await user.Page.Locator("#VerificationId").InputValueAsync();
        Assert.That(verificationId, Is.Not.Empty, "the sign-in page keeps the id its send answered");
        await user.EnterCodeAsync(await Services.NextCodeAsync(phone, seen));
        await user.ExpectSignedInAsync(email);

        // SecureOtp posts the event after the verify answered, so the page may need a few reloads to show it.
        var row = user.Page.Locator("#events tbody tr").Filter(new() { Has = user.Page.Locator($"td.verification:text-is('{verificationId}')") });
        for (var reload = 0; reload < 50 && await row.CountAsync() == 0; reload++)
        {
            await Task.Delay(200);
            await user.GoAsync("Events");
        }

        await Expect(row.Locator("td.type")).ToHaveTextAsync("verification.approved");
        await Expect(row.Locator("td.purpose")).ToHaveTextAsync("login");
    }

    [Test]
    public async Task Enrol_an_authenticator_from_the_qr_secret_then_sign_in_with_its_code()
    {
        var email = SampleLoginPage.NewEmail();
        await user.RegisterAsync(email);
        var authenticator = await EnrolAuthenticatorAsync();
        await user.SignOutAsync();

        await user.SignInWithPasswordAsync(email, "Enter the code from your authenticator app");
        // The confirming code's step counts as used; the next step's code is within the accepted skew.
        await user.EnterCodeAsync(authenticator.ComputeTotp(Now().AddSeconds(30)));

        await user.ExpectSignedInAsync(email);
    }

    [Test]
    public async Task Sign_in_with_a_recovery_code()
    {
        var email = SampleLoginPage.NewEmail();
        await user.RegisterAsync(email);
        await EnrolAuthenticatorAsync();
        var recoveryCodes = await user.Page.Locator("#recovery-codes li").AllTextContentsAsync();
        Assert.That(recoveryCodes, Has.Count.EqualTo(10));
        await user.SignOutAsync();

        await user.SignInWithPasswordAsync(email, "Enter the code from your authenticator app");
        await user.Page.ClickAsync("#use-recovery-code");
        await user.Page.FillAsync("#recovery-code", recoveryCodes[3].ToLowerInvariant());
        await user.Page.ClickAsync("#verify");

        await user.ExpectSignedInAsync(email);
    }

    /// <summary>A new user with a confirmed phone signs in with the password: the page now asks for the texted code.</summary>
    private async Task<(string Email, string Phone, HashSet<string> Seen)> UpToTheSmsCodeAsync()
    {
        var email = SampleLoginPage.NewEmail();
        var phone = SampleLoginPage.NewPhone();
        var seen = await Services.OutboxNowAsync();
        await user.RegisterAsync(email);
        await AddPhoneAsync(phone, seen);
        await user.SignOutAsync();
        await user.SignInWithPasswordAsync(email, "Enter the code we texted you");
        return (email, phone, seen);
    }

    private async Task AddPhoneAsync(string phone, HashSet<string> seen)
    {
        await user.Page.FillAsync("#phone", phone);
        await user.Page.ClickAsync("#send-code");
        await user.Page.FillAsync("#code", await Services.NextCodeAsync(phone, seen));
        await user.Page.ClickAsync("#confirm-phone");
        await Expect(user.Page.Locator("#notice")).ToHaveTextAsync("Your phone is confirmed; sign-ins now ask for a code.");
    }

    /// <summary>Enrols from the page's key (what the QR code holds) and confirms with the code an app would show now.</summary>
    private async Task<Totp> EnrolAuthenticatorAsync()
    {
        await user.GoAsync("Account/Manage/Authenticator");
        await user.Page.ClickAsync("#enroll");
        await Expect(user.Page.Locator("#qr svg")).ToBeVisibleAsync();
        var authenticator = new Totp(Base32Encoding.ToBytes(await user.Page.Locator("#secret").TextContentAsync()));
        await user.Page.FillAsync("#code", authenticator.ComputeTotp(Now()));
        await user.Page.ClickAsync("#confirm-authenticator");
        await Expect(user.Page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        return authenticator;
    }

    private static DateTime Now() => TimeProvider.System.GetUtcNow().UtcDateTime;
}
