using System.Net;
using System.Text.Json;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>The CAMARA SIM Swap v2 wire format and the OAuth2 client-credentials token around it.</summary>
public sealed class CamaraSimSwapClientTests
{
    private static readonly string[] OldOldNew = ["Bearer token-1", "Bearer token-1", "Bearer token-2"];
    private static readonly string[] OldNew = ["Bearer token-1", "Bearer token-2"];
    private static readonly string[] CheckFields = ["phoneNumber", "maxAge"];
    private static readonly string[] TokenFormFields = ["grant_type", "client_id", "client_secret", "scope"];

    [Test]
    public async Task Check_PostsPhoneNumberAndMaxAgeToTheCheckEndpointWithTheBearerToken()
    {
        using var harness = new SimSwapHarness();

        await harness.AssessAsync("+346661113334");

        var request = harness.Api.Requests.Single();
        using var body = JsonDocument.Parse(request.Body);
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Uri.ToString(), Is.EqualTo("https://camara.test/operator/api/sim-swap/v2/check"));
            Assert.That(request.Authorization, Is.EqualTo("Bearer token-1"));
            Assert.That(request.ContentType, Is.EqualTo("application/json"));
            Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(CheckFields));
            Assert.That(body.RootElement.GetProperty("phoneNumber").GetString(), Is.EqualTo("+346661113334"), "E.164 with the '+'");
            Assert.That(body.RootElement.GetProperty("maxAge").GetInt32(), Is.EqualTo(72), "MaxAgeHours, as a number");
        });
    }

    [Test]
    public async Task Token_IsRequestedWithClientCredentialsInTheFormBody()
    {
        using var harness = new SimSwapHarness();

        await harness.AssessAsync();

        var request = harness.TokenEndpoint.Requests.Single();
        var form = request.Form();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Uri.ToString(), Is.EqualTo("https://auth.camara.test/oauth2/token"));
            Assert.That(request.ContentType, Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(request.Authorization, Is.Null, "client authentication is in the body");
            Assert.That(form.Keys, Is.EquivalentTo(TokenFormFields));
            Assert.That(form["grant_type"], Is.EqualTo("client_credentials"));
            Assert.That(form["client_id"], Is.EqualTo("client-123"));
            Assert.That(form["client_secret"], Is.EqualTo("secret-456"));
            Assert.That(form["scope"], Is.EqualTo("sim-swap:check"));
        });
    }

    [Test]
    public async Task Token_IsFetchedOnceForSeveralChecks()
    {
        using var harness = new SimSwapHarness();

        for (var i = 0; i < 5; i++)
        {
            await harness.AssessAsync($"+44770090010{i}");
        }

        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(1));
        Assert.That(harness.Api.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer token-1"));
    }

    [Test]
    public async Task Token_IsSharedByConcurrentCallers_WithOneFetch()
    {
        using var harness = new SimSwapHarness();
        var release = new TaskCompletionSource();
        harness.TokenEndpoint.Then(async _ =>
        {
            await release.Task;
            return StubSimSwapHandler.Token("token-1");
        });

        // All eight are waiting on the token when it arrives: the stub holds the first fetch until every check has started.
        var checks = Enumerable.Range(0, 8).Select(i => harness.AssessAsync($"+44770090020{i}")).ToArray();
        release.SetResult();
        var verdicts = await Task.WhenAll(checks);

        Assert.That(verdicts.Select(v => v.Status), Is.All.EqualTo(SimSwapStatus.NotSwapped));
        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(1));
        Assert.That(harness.Api.Calls, Is.EqualTo(8));
    }

    [Test]
    public async Task Token_IsRefetched60SecondsBeforeItExpires()
    {
        using var harness = new SimSwapHarness();
        harness.TokenEndpoint.Then(() => StubSimSwapHandler.Token("token-1", expiresIn: 3600)).Then(() => StubSimSwapHandler.Token("token-2"));

        await harness.AssessAsync("+447700900301");
        harness.Clock.Advance(TimeSpan.FromSeconds(3600 - 61));
        await harness.AssessAsync("+447700900302");
        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(1), "still more than a minute left");

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.AssessAsync("+447700900303");

        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(2));
        Assert.That(harness.Api.Requests.Select(r => r.Authorization), Is.EqualTo(OldOldNew));
    }

    [Test]
    public async Task Unauthorized_DropsTheTokenAndRetriesOnceWithAFreshOne()
    {
        using var harness = new SimSwapHarness();
        harness.TokenEndpoint.Then(() => StubSimSwapHandler.Token("token-1")).Then(() => StubSimSwapHandler.Token("token-2"));
        harness.Api.Then(() => StubSimSwapHandler.CamaraError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED"))
            .Then(() => StubSimSwapHandler.CamaraSwapped(true));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Swapped));
        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(2));
        Assert.That(harness.Api.Requests.Select(r => r.Authorization), Is.EqualTo(OldNew));

        await harness.AssessAsync("+447700900999");
        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(2), "the fresh token is kept");
        Assert.That(harness.Api.Requests[^1].Authorization, Is.EqualTo("Bearer token-2"));
    }

    [Test]
    public async Task UnauthorizedTwice_IsUnknown_AfterExactlyOneFreshToken()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(() => StubSimSwapHandler.CamaraError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED"));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Unknown));
        Assert.That(harness.TokenEndpoint.Calls, Is.EqualTo(2));
        Assert.That(harness.Api.Calls, Is.EqualTo(2));
        Assert.That(harness.Logger.Collector.GetSnapshot().Select(e => e.Id.Id), Does.Contain(5003), "a configuration fault is logged as such");
    }

    [TestCase(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""")]
    [TestCase(HttpStatusCode.InternalServerError, "")]
    [TestCase(HttpStatusCode.OK, """{"token_type":"Bearer"}""")]
    public async Task TokenEndpointFailure_IsUnknown_AndNoCheckIsMade(HttpStatusCode status, string body)
    {
        using var harness = new SimSwapHarness();
        harness.TokenEndpoint.Then(() => StubSimSwapHandler.Json(status, body));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Unknown));
        Assert.That(harness.Api.Calls, Is.Zero);
    }

    [Test]
    public async Task TokenEndpointFailure_IsNotCached_TheNextCheckAsksAgain()
    {
        using var harness = new SimSwapHarness();
        harness.TokenEndpoint.Then(() => StubSimSwapHandler.Json(HttpStatusCode.InternalServerError, "")).Then(() => StubSimSwapHandler.Token("token-2"));

        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.Unknown));
        Assert.That((await harness.AssessAsync()).Status, Is.EqualTo(SimSwapStatus.NotSwapped));
        Assert.That(harness.Api.Requests.Single().Authorization, Is.EqualTo("Bearer token-2"));
    }

    [TestCase(HttpStatusCode.NotFound, "IDENTIFIER_NOT_FOUND", "NotApplicable")]
    [TestCase(HttpStatusCode.UnprocessableEntity, "SERVICE_NOT_APPLICABLE", "NotApplicable")]
    [TestCase(HttpStatusCode.TooManyRequests, "QUOTA_EXCEEDED", "Transient")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", "Transient")]
    [TestCase(HttpStatusCode.BadRequest, "OUT_OF_RANGE", "Failed")]
    [TestCase(HttpStatusCode.Forbidden, "PERMISSION_DENIED", "Failed")]
    [TestCase(HttpStatusCode.InternalServerError, "INTERNAL", "Failed")]
    public void Classify_ErrorAnswers(HttpStatusCode status, string code, string expected)
    {
        var attempt = CamaraSimSwapClient.Classify(status, $$"""{"status":{{(int)status}},"code":"{{code}}","message":"+34666111333 is unknown"}""");

        Assert.That(attempt.Outcome, Is.EqualTo(Enum.Parse<SimSwapOutcome>(expected)));
        Assert.That(attempt.Code, Is.EqualTo(code), "the code is kept, the free-text message is not");
    }

    [TestCase("""{"swapped":true}""", "Swapped")]
    [TestCase("""{"swapped":false}""", "NotSwapped")]
    [TestCase("""{"swapped":null}""", "Failed")]
    [TestCase("""{}""", "Failed")]
    [TestCase("""not json""", "Failed")]
    [TestCase("", "Failed")]
    public void Classify_OkAnswers(string body, string expected) =>
        Assert.That(CamaraSimSwapClient.Classify(HttpStatusCode.OK, body).Outcome, Is.EqualTo(Enum.Parse<SimSwapOutcome>(expected)));

    [TestCase(3600L, 3540)]
    [TestCase(300L, 240)]
    [TestCase(100L, 50)]
    [TestCase(null, 60)]
    [TestCase(0L, 60)]
    public void ReuseFor_StopsUsingATokenAMinuteBeforeItExpires(long? expiresIn, int expectedSeconds) =>
        Assert.That(CamaraTokenSource.ReuseFor(expiresIn), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
}
