using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>Vonage Identity Insights' SIM-swap insight, authenticated with the application's RS256 JWT.</summary>
public sealed class VonageSimSwapClientTests
{
    private static readonly string[] RequestFields = ["phone_number", "purpose", "insights"];
    private static readonly string[] InsightFields = ["sim_swap"];
    private static readonly string[] JwtClaims = ["application_id", "iat", "jti", "exp"];

    private string? pemPath;

    [TearDown]
    public void DeletePem()
    {
        if (pemPath is not null)
        {
            File.Delete(pemPath);
        }
    }

    [Test]
    public async Task Check_PostsDigitsPurposeAndPeriodToIdentityInsights()
    {
        using var harness = new SimSwapHarness(SimSwapHarness.VonageOptions());
        harness.Api.Then(() => StubSimSwapHandler.VonageInsight(swapped: false));

        var verdict = await harness.AssessAsync("+33601020304");

        var request = harness.Api.Requests.Single();
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.NotSwapped));
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Uri.ToString(), Is.EqualTo("https://api-eu.vonage.com/identity-insights/v1/requests"), "the default base URL");
            Assert.That(request.ContentType, Is.EqualTo("application/json"));
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(RequestFields));
            Assert.That(root.GetProperty("phone_number").GetString(), Is.EqualTo("33601020304"), "digits only, no '+'");
            Assert.That(root.GetProperty("purpose").GetString(), Is.EqualTo("FraudPreventionAndDetection"));
            Assert.That(root.GetProperty("insights").EnumerateObject().Select(p => p.Name), Is.EqualTo(InsightFields));
            Assert.That(root.GetProperty("insights").GetProperty("sim_swap").GetProperty("period").GetInt32(), Is.EqualTo(72), "MaxAgeHours");
            Assert.That(harness.TokenEndpoint.Calls, Is.Zero, "no OAuth2 for Vonage");
        });
    }

    [Test]
    public async Task Check_SendsAnRs256JwtThatVerifiesWithTheApplicationsPublicKey()
    {
        using var harness = new SimSwapHarness(SimSwapHarness.VonageOptions());
        harness.Api.Then(() => StubSimSwapHandler.VonageInsight(swapped: true));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Status, Is.EqualTo(SimSwapStatus.Swapped));
        var authorization = harness.Api.Requests.Single().Authorization!;
        Assert.That(authorization, Does.StartWith("Bearer "));
        using var publicKey = RSA.Create();
        publicKey.ImportFromPem(harness.Rsa.ExportSubjectPublicKeyInfoPem());
        AssertValidJwt(authorization["Bearer ".Length..], publicKey, harness.Clock.GetUtcNow());
    }

    [Test]
    public void Jwt_FromAPemFile_HasTheRequiredClaimsAndAFreshJtiEachTime()
    {
        using var rsa = RSA.Create(2048);
        pemPath = Path.GetTempFileName();
        File.WriteAllText(pemPath, rsa.ExportPkcs8PrivateKeyPem());
        var clock = new FakeTimeProvider(TestTime.Start);
        var options = Options.Create(new SimSwapOptions { ApplicationId = SimSwapHarness.ApplicationId, PrivateKeyPath = pemPath });
        using var signer = new VonageJwtSigner(options, clock);

        var first = signer.CreateToken();
        var second = signer.CreateToken();

        AssertValidJwt(first, rsa, clock.GetUtcNow());
        AssertValidJwt(second, rsa, clock.GetUtcNow());
        Assert.That(Claims(first).GetProperty("jti").GetString(), Is.Not.EqualTo(Claims(second).GetProperty("jti").GetString()));
    }

    [Test]
    public void Jwt_SignedWithAnotherKey_DoesNotVerify()
    {
        var clock = new FakeTimeProvider(TestTime.Start);
        using var signer = new VonageJwtSigner(RSA.Create(2048), SimSwapHarness.ApplicationId, clock);
        using var other = RSA.Create(2048);

        var parts = signer.CreateToken().Split('.');

        Assert.That(other.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.False);
    }

    [TestCase("NO_COVERAGE", "NotApplicable")]
    [TestCase("NOT_FOUND", "NotApplicable")]
    [TestCase("INVALID_NUMBER_FORMAT", "NotApplicable")]
    [TestCase("UNSUPPORTED_NETWORK_TYPE", "NotApplicable")]
    [TestCase("UNAUTHORIZED", "NotApplicable")]
    [TestCase("INVALID_PURPOSE", "Failed")]
    [TestCase("SOMETHING_NEW", "Failed")]
    public void Classify_InsightStatusOtherThanOk_IsNoAnswer(string code, string expected)
    {
        var body = $$"""{"insights":{"sim_swap":{"status":{"code":"{{code}}","message":"m"} } } }""";

        var attempt = VonageSimSwapClient.Classify(HttpStatusCode.OK, body);

        Assert.That(attempt.Outcome, Is.EqualTo(Enum.Parse<SimSwapOutcome>(expected)));
        Assert.That(attempt.Code, Is.EqualTo(code));
    }

    [TestCase("""{"insights":{"sim_swap":{"is_swapped":true,"status":{"code":"OK"}}}}""", "Swapped")]
    [TestCase("""{"insights":{"sim_swap":{"is_swapped":false,"status":{"code":"OK"}}}}""", "NotSwapped")]
    [TestCase("""{"insights":{"sim_swap":{"is_swapped":false}}}""", "NotSwapped")]
    [TestCase("""{"insights":{"sim_swap":{"status":{"code":"OK"}}}}""", "Failed")]
    [TestCase("""{"insights":{}}""", "Failed")]
    [TestCase("""[1,2]""", "Failed")]
    public void Classify_OkAnswers(string body, string expected) =>
        Assert.That(VonageSimSwapClient.Classify(HttpStatusCode.OK, body).Outcome, Is.EqualTo(Enum.Parse<SimSwapOutcome>(expected)));

    [TestCase(HttpStatusCode.TooManyRequests, "Transient")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "Transient")]
    [TestCase(HttpStatusCode.Unauthorized, "Failed")]
    [TestCase(HttpStatusCode.InternalServerError, "Failed")]
    [TestCase(HttpStatusCode.UnprocessableEntity, "NotApplicable")]
    public void Classify_HttpErrors(HttpStatusCode status, string expected) =>
        Assert.That(VonageSimSwapClient.Classify(status, "").Outcome, Is.EqualTo(Enum.Parse<SimSwapOutcome>(expected)));

    private static JsonElement Claims(string jwt) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement;

    private static void AssertValidJwt(string jwt, RSA publicKey, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        Assert.That(parts, Has.Length.EqualTo(3));
        var signed = publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        var claims = Claims(jwt);
        var iat = claims.GetProperty("iat").GetInt64();
        Assert.Multiple(() =>
        {
            Assert.That(signed, Is.True, "RS256 signature over header.payload");
            Assert.That(header.RootElement.GetProperty("alg").GetString(), Is.EqualTo("RS256"));
            Assert.That(header.RootElement.GetProperty("typ").GetString(), Is.EqualTo("JWT"));
            Assert.That(claims.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(JwtClaims));
            Assert.That(claims.GetProperty("application_id").GetString(), Is.EqualTo(SimSwapHarness.ApplicationId));
            Assert.That(iat, Is.EqualTo(now.ToUnixTimeSeconds()), "issued now, by the app's clock");
            Assert.That(claims.GetProperty("exp").GetInt64() - iat, Is.EqualTo(300), "valid five minutes");
            Assert.That(Guid.TryParse(claims.GetProperty("jti").GetString(), out _), Is.True);
            Assert.That(parts.Any(p => p.Contains('=', StringComparison.Ordinal) || p.Contains('+', StringComparison.Ordinal) || p.Contains('/', StringComparison.Ordinal)), Is.False, "base64url, unpadded");
        });
    }
}
