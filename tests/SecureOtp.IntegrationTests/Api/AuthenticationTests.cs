using System.Net;
using System.Net.Http.Json;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>API keys and scopes: 401 without a valid key, 403 without the scope, health endpoints open.</summary>
public sealed class AuthenticationTests
{
    private SecureOtpApp app = null!;

    [OneTimeSetUp]
    public void StartApp() => app = new SecureOtpApp(StoreKind.InProcess);

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [TestCase(null)]
    [TestCase("")]
    [TestCase("wrong-key")]
    [TestCase("test-key-full-012345678")]
    public async Task Send_WithoutValidKey_Returns401Problem(string? apiKey)
    {
        using var http = app.CreateClient();
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        using var response = await http.PostAsJsonAsync("/otp/send", new { userId = "u1", phoneNumber = "+14155550100" });
        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("X-Api-Key"));
    }

    [Test]
    public async Task Verify_WithSendOnlyKey_Returns403()
    {
        var sender = OtpClient.For(app, TestApiKeys.SendOnly);
        using var response = await sender.VerifyAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "123456", "u1");
        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task SendStatusAndCancel_WithVerifyOnlyKey_Return403()
    {
        var verifier = OtpClient.For(app, TestApiKeys.VerifyOnly);
        using var send = await verifier.SendAsync("u1");
        await ProblemAssert.IsProblem(send, HttpStatusCode.Forbidden, "forbidden");
        using var status = await verifier.Http.GetAsync("/otp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await ProblemAssert.IsProblem(status, HttpStatusCode.Forbidden, "forbidden");
        using var cancel = await verifier.Http.DeleteAsync("/otp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await ProblemAssert.IsProblem(cancel, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task OtpAnswers_RefusedOrNot_AreMarkedNoStore()
    {
        // The header comes from the group's metadata, set before authentication: a refusal by the key or the scope is
        // marked like a handler's answer.
        using var anonymous = app.CreateClient();
        using var unauthorized = await anonymous.PostAsJsonAsync("/otp/send", new { userId = "u1", phoneNumber = "+14155550100" });
        using var forbidden = await OtpClient.For(app, TestApiKeys.SendOnly).VerifyAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "123456", "u1");
        using var unknown = await OtpClient.For(app).VerifyAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "123456", "u1");

        foreach (var response in new[] { unauthorized, forbidden, unknown })
        {
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
        }
    }

    [Test]
    public async Task SendWithOneClient_VerifyWithAnother_Works()
    {
        var userId = OtpClient.NewUserId();
        var id = await OtpClient.For(app, TestApiKeys.SendOnly).StartAsync(userId);
        var code = await OtpClient.For(app).ReadCodeAsync(id);
        using var verified = await OtpClient.For(app, TestApiKeys.VerifyOnly).VerifyAsync(id, code, userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>The README's public key opens a bare <c>dotnet run</c> only: once any key is configured, even in
    /// Development, a key everyone knows must not work (this app has the test clients' keys configured).</summary>
    [Test]
    public async Task DevelopmentKey_WhenOtherKeysAreConfigured_Returns401()
    {
        using var response = await OtpClient.For(app, "dev-only-secureotp-key").Http.PostAsync("/otp/send",
            JsonContent.Create(new { userId = "u-dev", phoneNumber = "+14155550100" }));
        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    [TestCase("/openapi/v1.json")]
    public async Task OperationalEndpoints_NeedNoKey(string path)
    {
        using var http = app.CreateClient();
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task OpenApiDocument_DescribesEveryOtpEndpoint()
    {
        using var http = app.CreateClient();
        var document = await http.GetStringAsync("/openapi/v1.json");
        Assert.That(document, Does.Contain("/otp/send").And.Contain("/otp/verify").And.Contain("/otp/{verificationId}"));
    }
}
