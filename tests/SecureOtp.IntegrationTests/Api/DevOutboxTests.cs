using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>
/// <c>GET /dev/outbox?phoneNumber=…</c> (Development only): a test or a developer finds one number's texts without
/// knowing the verification id (a sign-in page that sends itself never shows it), and the number still never shows.
/// </summary>
public sealed class DevOutboxTests
{
    private SecureOtpApp app = null!;
    private OtpClient client = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        // Two texts to one number in a row: no cooldown between them.
        app = new SecureOtpApp(StoreKind.InProcess, new Dictionary<string, string?> { ["Otp:ResendCooldown"] = "00:00:00" });
        client = OtpClient.For(app);
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [Test]
    public async Task APhoneNumberFilter_ListsOnlyThatNumbersTexts_NewestFirst_WithTheNumberMasked()
    {
        var phone = OtpClient.NewPhone();
        using var first = await client.SendAsync(OtpClient.NewUserId(), phone, purpose: "login");
        using var other = await client.SendAsync(OtpClient.NewUserId());
        using var second = await client.SendAsync(OtpClient.NewUserId(), phone, purpose: "signup");
        var secondId = (await OtpClient.ReadJson(second))["verificationId"]!.GetValue<string>();

        var texts = (await client.Http.GetFromJsonAsync<JsonArray>($"/dev/outbox?phoneNumber={Uri.EscapeDataString(phone)}"))!;

        Assert.That(texts, Has.Count.EqualTo(2));
        Assert.That(texts[0]!["text"]!.GetValue<string>(), Is.EqualTo(await ReadTextAsync(secondId)));
        Assert.That(texts.Select(t => t!.ToJsonString()), Has.None.Contains(phone[1..]), "the full number is never shown");
        Assert.That(texts.Select(t => t!.AsObject().Select(p => p.Key)), Has.All.EquivalentTo((string[])["to", "text", "clientRef", "messageId", "sentAt"]));
    }

    [Test]
    public async Task APhoneNumberThatIsNotE164_IsA400NamingIt()
    {
        using var response = await client.Http.GetAsync("/dev/outbox?phoneNumber=4155550100");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(p => p.Key), Is.EqualTo((string[])["phoneNumber"]));
    }

    private async Task<string> ReadTextAsync(string verificationId) =>
        (await client.Http.GetFromJsonAsync<JsonArray>($"/dev/outbox?verificationId={verificationId}"))![0]!["text"]!.GetValue<string>();
}
