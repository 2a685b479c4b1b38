using System.Net;
using System.Text;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>
/// Bad input gets a clear 4xx problem and changes nothing: no key appears in Redis and no text goes out.
/// Nothing a client sends may produce a 5xx.
/// </summary>
public sealed class BadInputTests
{
    private SecureOtpApp app = null!;
    private OtpClient client = null!;
    private ConnectionMultiplexer redis = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new SecureOtpApp(StoreKind.Redis);
        client = OtpClient.For(app);
        redis = RedisSetUp.Server.Connect();
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        app.Dispose();
        redis.Dispose();
    }

    [TestCase("""{"phoneNumber":"+14155550100"}""", "userId")]
    [TestCase("""{"userId":"","phoneNumber":"+14155550100"}""", "userId")]
    [TestCase("""{"userId":"   ","phoneNumber":"+14155550100"}""", "userId")]
    [TestCase("""{"userId":"a\u0000b","phoneNumber":"+14155550100"}""", "userId")]
    [TestCase("""{"userId":"u1"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"14155550100"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"+1415"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"+1234567890123456"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100\n"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"+1415555O100"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"+٤١٥٥٥٥٠١٠٠٠"}""", "phoneNumber")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","purpose":"Login"}""", "purpose")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","purpose":""}""", "purpose")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","purpose":"a-very-long-purpose-name-over-32-chars"}""", "purpose")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","locale":"english please"}""", "locale")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","clientIp":"not-an-ip"}""", "clientIp")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","clientIp":"1"}""", "clientIp")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","appHash":"short"}""", "appHash")]
    public async Task Send_InvalidField_Returns400NamingTheFieldAndStoresNothing(string body, string field)
    {
        var textsBefore = await client.OutboxCountAsync();
        using var response = await Post("/otp/send", body);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]![field], Is.Not.Null, problem.ToJsonString());
        Assert.That(problem.ToJsonString(), Does.Not.Contain("14155550100"), "errors never echo a phone number");
        await AssertNothingStored(textsBefore);
    }

    [Test]
    public async Task Send_UserIdOf129Characters_IsRejected()
    {
        using var response = await Post("/otp/send", $$"""{"userId":"{{new string('x', 129)}}","phoneNumber":"+14155550100"}""");
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [TestCase("not json")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("""{"userId":5,"phoneNumber":"+14155550100"}""")]
    [TestCase("""{"userId":"u1","phoneNumber":["+14155550100"]}""")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100" """)]
    [TestCase("""{"userId":"\uD800","phoneNumber":"+14155550100"}""")]
    public async Task Send_UnreadableBody_Returns400Problem(string body)
    {
        var textsBefore = await client.OutboxCountAsync();
        using var response = await Post("/otp/send", body);

        Assert.That((int)response.StatusCode, Is.InRange(400, 499), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        await AssertNothingStored(textsBefore);
    }

    /// <summary>Which userId did the caller mean, and which one did a gateway in front of us check? Neither wins.</summary>
    [TestCase("""{"userId":"victim","userId":"attacker","phoneNumber":"+14155550100"}""")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","phoneNumber":"+14155550199"}""")]
    [TestCase("""{"userId":"u1","phoneNumber":"+14155550100","purpose":"login","purpose":"reset"}""")]
    public async Task Send_DuplicateProperty_Returns400AndStoresNothing(string body)
    {
        var textsBefore = await client.OutboxCountAsync();
        using var response = await Post("/otp/send", body);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
        await AssertNothingStored(textsBefore);
    }

    [Test]
    public async Task Verify_DuplicateCode_Returns400()
    {
        using var response = await Post("/otp/verify",
            """{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"123456","code":"654321","userId":"u1"}""");
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Test]
    public async Task Send_WrongContentType_Returns415Problem()
    {
        using var response = await client.Http.PostAsync("/otp/send",
            new StringContent("userId=u1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Test]
    public async Task Send_HugeBody_IsRefusedWith4xx()
    {
        using var response = await Post("/otp/send", $$"""{"userId":"{{new string('x', 100_000)}}","phoneNumber":"+14155550100"}""");
        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
    }

    [TestCase("/otp/send", """{"userId":"u1","phoneNumber":"+14155550100"}""")]
    [TestCase("/otp/verify", """{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"123456","userId":"u1"}""")]
    public async Task InvalidIdempotencyKey_Returns400(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
        using var response = await client.Http.SendAsync(request);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["Idempotency-Key"], Is.Not.Null);
    }

    /// <summary>Two <c>Idempotency-Key</c> lines were once bound as one key, <c>kk1,kk2</c>, that neither line named.</summary>
    [TestCase("/otp/send", """{"userId":"u-twice","phoneNumber":"+14155550177"}""")]
    [TestCase("/otp/verify", """{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"123456","userId":"u1"}""")]
    public async Task IdempotencyKeyGivenTwice_Returns400AndStoresNothing(string path, string body)
    {
        var textsBefore = await client.OutboxCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["kk1", "kk2"]);
        using var response = await client.Http.SendAsync(request);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["Idempotency-Key"], Is.Not.Null, problem.ToJsonString());
        await AssertNothingStored(textsBefore);
    }

    [TestCase("""{"code":"123456"}""", "verificationId")]
    [TestCase("""{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", "code")]
    [TestCase("""{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":""}""", "code")]
    [TestCase("""{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"123456","userId":""}""", "userId")]
    public async Task Verify_InvalidField_Returns400NamingTheField(string body, string field)
    {
        using var response = await Post("/otp/verify", body);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]![field], Is.Not.Null);
    }

    [TestCase("GET", "/otp/%20")]
    [TestCase("GET", "/otp/..%2F..%2Fetc")]
    [TestCase("GET", "/otp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("DELETE", "/otp/not-a-real-id")]
    [TestCase("GET", "/otp/send")]
    [TestCase("PUT", "/otp/verify")]
    [TestCase("GET", "/no/such/route")]
    public async Task OddRequests_NeverProduce5xx(string method, string path)
    {
        using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> Post(string path, string body) =>
        client.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task AssertNothingStored(int textsBefore)
    {
        var server = redis.GetServer(RedisSetUp.Server.Configuration);
        Assert.That(server.Keys(pattern: app.KeyPrefix + "*").ToArray(), Is.Empty, "bad input must not touch storage");
        Assert.That(await client.OutboxCountAsync(), Is.EqualTo(textsBefore), "bad input must not send a text");
    }
}
