using System.Net;
using System.Security.Cryptography;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Risk;

/// <summary>
/// The SIM-swap signal end to end, against the fake provider process: each policy × swapped / not swapped / provider
/// error / provider slow, for CAMARA (OAuth2 client credentials) and Vonage Identity Insights (RS256 application JWT,
/// verified by the fake with the public key). A swapped number never silently gets a code under Block.
/// </summary>
public sealed class SimSwapTests
{
    private const string ApplicationId = "11111111-2222-3333-4444-555555555555";
    private FakeVonageServer fake = null!;
    private string privateKeyPath = null!;
    private string publicKeyPath = null!;

    public enum Answer
    {
        NotSwapped,
        Swapped,
        ProviderError,
        ProviderSlow,
    }

    [OneTimeSetUp]
    public void StartFake()
    {
        using var rsa = RSA.Create(2048);
        var folder = Directory.CreateTempSubdirectory("secureotp-simswap-");
        privateKeyPath = Path.Combine(folder.FullName, "private.pem");
        publicKeyPath = Path.Combine(folder.FullName, "public.pem");
        File.WriteAllText(privateKeyPath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicKeyPath, rsa.ExportSubjectPublicKeyInfoPem());
        fake = FakeVonageServer.Start($"--FakeSimSwap:VonagePublicKeyPath={publicKeyPath}", $"--FakeSimSwap:ApplicationId={ApplicationId}");
    }

    [OneTimeTearDown]
    public void StopFake()
    {
        fake.Dispose();
        Directory.Delete(Path.GetDirectoryName(privateKeyPath)!, recursive: true);
    }

    [SetUp]
    public Task ResetFake() => fake.ResetAsync();

    [TestCase("Camara", "Block", true, Answer.NotSwapped, HttpStatusCode.Accepted, "not_swapped", "allow")]
    [TestCase("Camara", "Block", true, Answer.Swapped, HttpStatusCode.UnprocessableEntity, null, null)]
    [TestCase("Camara", "Block", true, Answer.ProviderError, HttpStatusCode.Accepted, "unknown", "flag")]
    [TestCase("Camara", "Block", false, Answer.ProviderError, HttpStatusCode.ServiceUnavailable, null, null)]
    [TestCase("Camara", "Block", false, Answer.ProviderSlow, HttpStatusCode.ServiceUnavailable, null, null)]
    [TestCase("Camara", "Flag", true, Answer.NotSwapped, HttpStatusCode.Accepted, "not_swapped", "allow")]
    [TestCase("Camara", "Flag", true, Answer.Swapped, HttpStatusCode.Accepted, "swapped", "flag")]
    [TestCase("Camara", "Flag", true, Answer.ProviderError, HttpStatusCode.Accepted, "unknown", "flag")]
    [TestCase("Camara", "Flag", false, Answer.ProviderSlow, HttpStatusCode.Accepted, "unknown", "flag")]
    [TestCase("Camara", "Off", true, Answer.Swapped, HttpStatusCode.Accepted, "not_checked", "allow")]
    [TestCase("Vonage", "Block", true, Answer.NotSwapped, HttpStatusCode.Accepted, "not_swapped", "allow")]
    [TestCase("Vonage", "Block", true, Answer.Swapped, HttpStatusCode.UnprocessableEntity, null, null)]
    [TestCase("Vonage", "Block", false, Answer.ProviderError, HttpStatusCode.ServiceUnavailable, null, null)]
    [TestCase("Vonage", "Flag", true, Answer.Swapped, HttpStatusCode.Accepted, "swapped", "flag")]
    [TestCase("Vonage", "Flag", true, Answer.ProviderSlow, HttpStatusCode.Accepted, "unknown", "flag")]
    public async Task Send_UnderPolicy_AnswersAsTheRiskDemands(
        string provider, string policy, bool failOpen, Answer answer, HttpStatusCode expected, string? simSwap, string? decision)
    {
        using var app = NewApp(provider, policy, failOpen);
        var phone = OtpClient.NewPhone();
        switch (answer)
        {
            case Answer.Swapped:
                await fake.SetSimSwapAsync(phone, swapped: true);
                break;
            case Answer.ProviderError:
                await fake.FailSimSwapAsync(new { phoneNumber = phone, kind = "http", httpStatus = 500 });
                break;
            case Answer.ProviderSlow:
                await fake.FailSimSwapAsync(new { phoneNumber = phone, kind = "delay", delayMs = 3000 });
                break;
        }

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), phone);

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        var texts = await fake.MessagesAsync(phone[1..]);
        if (expected == HttpStatusCode.Accepted)
        {
            var risk = (await OtpClient.ReadJson(response))["risk"]!;
            Assert.That(risk["simSwap"]!.GetValue<string>(), Is.EqualTo(simSwap));
            Assert.That(risk["decision"]!.GetValue<string>(), Is.EqualTo(decision));
            Assert.That(texts, Has.Count.EqualTo(1));
        }
        else
        {
            await ProblemAssert.IsProblem(response, expected,
                expected == HttpStatusCode.UnprocessableEntity ? "sim_swap_detected" : "sim_swap_check_unavailable");
            Assert.That(texts, Is.Empty, "nothing is sent when the risk policy refuses");
        }
    }

    [Test]
    public async Task CamaraToken_IsFetchedOnce_AndReusedAcrossSends()
    {
        using var app = NewApp("Camara", "Flag", failOpen: true);
        var client = OtpClient.For(app);
        for (var i = 0; i < 5; i++)
        {
            await client.StartAsync(OtpClient.NewUserId());
        }

        var (checks, tokens) = await fake.SimSwapStatsAsync();
        Assert.That(checks, Is.EqualTo(5));
        Assert.That(tokens, Is.EqualTo(1));
    }

    [Test]
    public async Task SameNumberWithinTheCacheWindow_IsCheckedOnce()
    {
        using var app = NewApp("Vonage", "Flag", failOpen: true);
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        await client.StartAsync(OtpClient.NewUserId(), phone);
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // past the number's resend cooldown, well within the cache window
        await client.StartAsync(OtpClient.NewUserId(), phone);

        Assert.That((await fake.SimSwapStatsAsync()).Checks, Is.EqualTo(1), "a resend does not pay for a second check");
    }

    [Test]
    public async Task SwappedNumber_SpelledWithATrunkPrefix_IsLookedUpAndCachedAsTheCanonicalNumber()
    {
        using var app = NewApp("Camara", "Block", failOpen: true);
        var client = OtpClient.For(app);
        await fake.SetSimSwapAsync("+447911123457", swapped: true);

        using var first = await client.SendAsync(OtpClient.NewUserId(), "+4407911123457");
        using var second = await client.SendAsync(OtpClient.NewUserId(), "+44007911123457");

        await ProblemAssert.IsProblem(first, HttpStatusCode.UnprocessableEntity, "sim_swap_detected");
        await ProblemAssert.IsProblem(second, HttpStatusCode.UnprocessableEntity, "sim_swap_detected");
        Assert.That((await fake.SimSwapStatsAsync()).Checks, Is.EqualTo(1), "one number, one cache entry");
        Assert.That(await fake.RequestsAsync(), Is.Zero, "nothing was texted");
    }

    private SecureOtpApp NewApp(string provider, string policy, bool failOpen)
    {
        var settings = fake.ServiceSettings();
        settings["Risk:SimSwap:Provider"] = provider;
        settings["Risk:SimSwap:Policy"] = policy;
        settings["Risk:SimSwap:FailOpen"] = failOpen ? "true" : "false";
        settings["Risk:SimSwap:BaseUrl"] = fake.BaseUrl.ToString().TrimEnd('/');
        // Generous enough that a fresh app's first lookup (JIT, key loading, a new connection) on a loaded 2-core machine
        // is not timed out and retried — which the provider would count as a second check — yet shorter than the fake's
        // 3 s delay (ProviderSlow), which must still time out.
        settings["Risk:SimSwap:Timeout"] = "00:00:02";
        settings["Risk:SimSwap:TotalTimeout"] = "00:00:02.500";
        if (provider == "Camara")
        {
            settings["Risk:SimSwap:TokenUrl"] = new Uri(fake.BaseUrl, "oauth2/token").ToString();
            settings["Risk:SimSwap:ClientId"] = "fake-client";
            settings["Risk:SimSwap:ClientSecret"] = "fake-client-secret";
        }
        else
        {
            settings["Risk:SimSwap:ApplicationId"] = ApplicationId;
            settings["Risk:SimSwap:PrivateKeyPath"] = privateKeyPath;
        }

        return new SecureOtpApp(StoreKind.Redis, settings);
    }
}
