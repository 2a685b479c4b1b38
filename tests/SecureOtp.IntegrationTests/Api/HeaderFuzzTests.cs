using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>
/// Every header the endpoints read, fed odd values: the answer is a 4xx problem (or the normal answer where the value
/// is harmless), never a 5xx, and nothing is logged at Error level. Found by an attacker: <c>charset=bogus</c> was a 500
/// with a stack trace in the log.
/// </summary>
public sealed class HeaderFuzzTests
{
    private const string SendBody = """{"userId":"fuzz-user","phoneNumber":"+14155550100"}""";
    private static int phoneSuffix;
    private const string VerifyBody = """{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"123456","userId":"fuzz-user"}""";

    private SecureOtpApp app = null!;

    [OneTimeSetUp]
    public void StartApp() => app = new SecureOtpApp(StoreKind.InProcess);

    [SetUp]
    public void ForgetEarlierLogs() => app.Logs.Clear();

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [TestCase("application/json; charset=bogus")]
    [TestCase("application/json; charset=utf-7")]
    [TestCase("application/json; charset=\"utf-7\"")]
    [TestCase("application/json; charset=utf-16")]
    [TestCase("application/json; charset=iso-8859-1")]
    [TestCase("application/json; charset=")]
    public async Task Send_JsonInAForeignOrUnknownCharset_Returns415AndSendsNothing(string contentType)
    {
        var client = OtpClient.For(app);
        var textsBefore = await client.OutboxCountAsync();

        using var response = await client.Http.SendAsync(Request("/otp/send", SendBody, contentType));

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.That(await client.OutboxCountAsync(), Is.EqualTo(textsBefore));
        AssertNoErrorLogged();
    }

    [TestCase("application/json; charset=bogus")]
    [TestCase("application/json; charset=utf-7")]
    public async Task Verify_JsonInAForeignCharset_Returns415(string contentType)
    {
        using var response = await OtpClient.For(app).Http.SendAsync(Request("/otp/verify", VerifyBody, contentType));
        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        AssertNoErrorLogged();
    }

    [TestCase("application/json; charset=utf-8")]
    [TestCase("application/json; charset=UTF-8")]
    [TestCase("application/json; charset=\"utf-8\"")]
    [TestCase("application/json;charset=utf8")]
    [TestCase("application/json")]
    public async Task Send_JsonInUtf8_IsAccepted(string contentType)
    {
        using var response = await OtpClient.For(app).Http.SendAsync(
            Request("/otp/send", FreshSend(), contentType));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Each header the send and verify endpoints read, with values a fuzzer would try.</summary>
    private static IEnumerable<TestCaseData> OddHeaders()
    {
        string[] contentTypes =
        [
            "application/json; charset", "application/json; charset=\"", "application/json;;;", "application/json; a=b; a=c",
            "application/json; charset=utf-8; charset=bogus", "application/*", "*/*", "text/json", "json", ";", "application/json\u00e9",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", new string('a', 8000),
        ];
        string[] apiKeys = ["", " ", "\u00e9\u00e9", new string('k', 600), "dev-only-secureotp-key\t", "a,b"];
        string[] idempotencyKeys = ["", " ", "\u00e9", new string('i', 300), "a b", "\u0001"];
        foreach (var path in new[] { "/otp/send", "/otp/verify" })
        {
            foreach (var value in contentTypes)
            {
                yield return new TestCaseData(path, "Content-Type", value);
            }

            foreach (var value in apiKeys)
            {
                yield return new TestCaseData(path, "X-Api-Key", value);
            }

            foreach (var value in idempotencyKeys)
            {
                yield return new TestCaseData(path, "Idempotency-Key", value);
            }
        }
    }

    [TestCaseSource(nameof(OddHeaders))]
    public async Task OddHeaderValue_NeverProduces5xxOrAnErrorLog(string path, string header, string value)
    {
        var body = path == "/otp/send" ? FreshSend() : VerifyBody;
        var request = Request(path, body, "application/json");
        if (header == "Content-Type")
        {
            request.Content!.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", value);
        }
        else
        {
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await OtpClient.For(app).Http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
        AssertNoErrorLogged();
    }

    /// <summary>A send for a new user and number, so no limit or cooldown answers before the header is looked at.</summary>
    /// <summary>A new user and a new number, each number in a number block of its own, so no tenant share of the prefix
    /// brake (5 numbers per block) stops the fuzzing.</summary>
    private static string FreshSend()
    {
        var n = Interlocked.Increment(ref phoneSuffix);
        return $$"""{"userId":"{{Guid.NewGuid():N}}","phoneNumber":"+4477{{n / 10 % 100:D2}}9{{n % 10}}0123"}""";
    }

    private static HttpRequestMessage Request(string path, string body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    private void AssertNoErrorLogged()
    {
        var errors = app.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(r => $"{r.Category}: {r.Message} {r.Exception}").ToArray();
        Assert.That(errors, Is.Empty);
    }
}
