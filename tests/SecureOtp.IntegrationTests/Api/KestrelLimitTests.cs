using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>
/// Issue 21: a too-long request target (414), too many or too large headers (431) and a malformed body were answered
/// by Kestrel with an empty body. Over a real Kestrel socket (TestServer enforces none of Kestrel's limits): whatever
/// reaches the pipeline is a problem with a stable type; what Kestrel refuses while parsing, before any middleware runs
/// (past twice the service's limits, a malformed request line or header), stays Kestrel's bare answer, as docs/api.md says.
/// </summary>
public sealed class KestrelLimitTests
{
    private SecureOtpApp app = null!;
    private Uri server = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new SecureOtpApp(StoreKind.InProcess);
        app.UseKestrel(0);
        app.StartServer();
        server = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [Test]
    public async Task RequestTargetOverTheServiceLimit_Is414Problem()
    {
        var response = await Get("/otp/" + new string('a', 9 * 1024));
        AssertProblem(response, 414, "uri_too_long");
    }

    [Test]
    public async Task HeadersOverTheServiceLimit_Are431Problem()
    {
        var response = await Get("/otp/x", Enumerable.Range(0, 5).Select(i => $"X-Filler-{i}: {new string('f', 8 * 1024)}"));
        AssertProblem(response, 431, "request_headers_too_large");
    }

    [Test]
    public async Task MoreHeadersThanTheServiceTakes_Are431Problem()
    {
        var response = await Get("/otp/x", Enumerable.Range(0, 120).Select(i => $"X-Filler-{i}: f"));
        AssertProblem(response, 431, "request_headers_too_large");
    }

    [Test]
    public async Task MalformedChunkedBody_Is400Problem()
    {
        var response = await RawHttp.SendAsync(server,
            Head("POST", "/otp/send", $"X-Api-Key: {TestApiKeys.Full}", "Content-Type: application/json", "Transfer-Encoding: chunked"), "zz\r\n{}\r\n0\r\n\r\n");
        AssertProblem(response, 400, "invalid_request");
    }

    [Test]
    public async Task BodyOverKestrelsLimit_Is413Problem()
    {
        var body = "{\"userId\":\"" + new string('u', 20 * 1024) + "\"}";
        var response = await RawHttp.SendAsync(server,
            Head("POST", "/otp/send", $"X-Api-Key: {TestApiKeys.Full}", "Content-Type: application/json", $"Content-Length: {body.Length}"), body);
        AssertProblem(response, 413, "payload_too_large");
    }

    [Test]
    public async Task WithinTheLimits_TheRequestIsServed()
    {
        var response = await Get("/health/live", Enumerable.Range(0, 90).Select(i => $"X-Filler-{i}: {new string('f', 300)}"));
        Assert.That(response.Status, Is.EqualTo(200), response.Body);
    }

    /// <summary>What Kestrel refuses while parsing never reaches the service: its status, no problem (documented).</summary>
    [TestCase("GET /otp/" + "LONG" + " HTTP/1.1", 414)]
    [TestCase("GARBAGE", 400)]
    [TestCase("GET /otp/x HTTP/1.1\r\nBad Header: x", 400)]
    public async Task PastKestrelsOwnLimitsOrMalformed_KestrelAnswersBeforeTheService(string start, int status)
    {
        start = start.Replace("LONG", new string('a', 17 * 1024), StringComparison.Ordinal);
        var response = await RawHttp.SendAsync(server, start.Contains("HTTP/1.1", StringComparison.Ordinal) ? start + "\r\nHost: localhost" : start);
        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.Headers.GetValueOrDefault("Connection"), Is.EqualTo("close"));
    }

    private Task<RawHttp.Response> Get(string target, IEnumerable<string>? headers = null) =>
        RawHttp.SendAsync(server, Head("GET", target, [.. headers ?? []]));

    private static string Head(string method, string target, params string[] headers) =>
        string.Join("\r\n", [$"{method} {target} HTTP/1.1", "Host: localhost", "Connection: close", .. headers]);

    private static void AssertProblem(RawHttp.Response response, int status, string type)
    {
        Assert.That(response.Status, Is.EqualTo(status), response.Body);
        Assert.That(response.Headers.GetValueOrDefault("Content-Type"), Does.StartWith("application/problem+json"), response.Body);
        var problem = JsonNode.Parse(response.Body)!;
        Assert.That(problem["type"]?.GetValue<string>(), Is.EqualTo(type), response.Body);
        Assert.That(problem["status"]?.GetValue<int>(), Is.EqualTo(status), response.Body);
    }
}
