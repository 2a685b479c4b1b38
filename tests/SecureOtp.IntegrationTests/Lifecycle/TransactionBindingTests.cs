using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 25, part 2: a code bound to a payment (PSD2 dynamic linking). The text, as the fake Vonage server received it,
/// names the amount and the payee; only a verify presenting the same transaction approves, and any change to it — or
/// leaving it out — is a wrong code that costs an attempt. Real Redis, standalone and cluster, and the in-process store,
/// which must answer alike.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.RedisCluster)]
[TestFixture(StoreKind.InProcess)]
public sealed partial class TransactionBindingTests(StoreKind store)
{
    private static readonly object Acme = new { amount = "49.99", currency = "EUR", payee = "ACME Ltd" };

    private FakeVonageServer vonage = null!;
    private SecureOtpApp app = null!;
    private OtpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        vonage = FakeVonageServer.Start();
        app = new SecureOtpApp(store, vonage.ServiceSettings());
        client = OtpClient.For(app);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        app.Dispose();
        vonage.Dispose();
    }

    [Test]
    public async Task TheText_NamesAmountAndPayee_AndTheSameTransactionApproves_EchoingIt()
    {
        var (id, userId, text) = await StartAsync(new { amount = "049.9", currency = "EUR", payee = "ACME Ltd" });
        Assert.That(text, Does.Contain("to pay €49.90 to ACME Ltd."));

        using var status = await client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["transaction"]!.ToJsonString(),
            Is.EqualTo("""{"amount":"49.90","currency":"EUR","payee":"ACME Ltd"}"""), "GET echoes the canonical transaction");

        // Another spelling of the same amount is the same transaction.
        using var verified = await VerifyAsync(id, Code(text), userId, new { amount = "49.90", currency = "EUR", payee = "ACME Ltd" });
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
        var approved = await OtpClient.ReadJson(verified);
        Assert.That(approved["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        Assert.That(approved["transaction"]!.ToJsonString(), Is.EqualTo("""{"amount":"49.90","currency":"EUR","payee":"ACME Ltd"}"""));
    }

    [Test]
    public async Task GermanText_WritesTheAmountTheGermanWay()
    {
        var (_, _, text) = await StartAsync(Acme, locale: "de");

        Assert.That(text, Does.Contain("49,99 € an ACME Ltd."));
    }

    [Test]
    public async Task ChangedAmountCurrencyOrPayee_OrNone_IsAWrongCode_ThatCountsAnAttempt()
    {
        var (id, userId, text) = await StartAsync(Acme);
        var code = Code(text);
        object?[] tampered =
        [
            new { amount = "49.98", currency = "EUR", payee = "ACME Ltd" },
            new { amount = "49.99", currency = "GBP", payee = "ACME Ltd" },
            new { amount = "49.99", currency = "EUR", payee = "Mallory Ltd" },
            null,
        ];

        for (var i = 0; i < tampered.Length; i++)
        {
            using var refused = await VerifyAsync(id, code, userId, tampered[i]);
            var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "incorrect_code");
            Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4 - i), $"tampered #{i} counts an attempt");
        }

        using var status = await client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(1));
        using var verified = await VerifyAsync(id, code, userId, Acme);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right transaction still approves with the attempt left");
    }

    [Test]
    public async Task VerifyByUser_NeedsTheSameTransaction_Too()
    {
        var (id, userId, text) = await StartAsync(Acme);

        using var tampered = await client.PostVerifyAsync(new { userId, code = Code(text), transaction = new { amount = "49.99", currency = "EUR", payee = "Mallory" } });
        var problem = await ProblemAssert.IsProblem(tampered, HttpStatusCode.BadRequest, "incorrect_code");
        Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
        using var verified = await client.PostVerifyAsync(new { userId, code = Code(text), transaction = Acme });
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
        var approved = await OtpClient.ReadJson(verified);
        Assert.That(approved["verificationId"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(approved["transaction"]!["payee"]!.GetValue<string>(), Is.EqualTo("ACME Ltd"));
    }

    [Test]
    public async Task ACodeBoundToNoTransaction_IsNotApprovedWithOne()
    {
        var (id, userId, text) = await StartAsync(transaction: null);
        using var status = await client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["transaction"], Is.Null, "nothing to echo");

        using var refused = await VerifyAsync(id, Code(text), userId, Acme);
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "incorrect_code");
        Assert.That(problem["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(4));
        using var verified = await VerifyAsync(id, Code(text), userId, transaction: null);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OtpClient.ReadJson(verified))["transaction"], Is.Null);
    }

    [Test]
    public async Task NonGsmPayee_GoesAsUnicode_AndIsNamedExactly()
    {
        var (_, _, text, type) = await StartWithTypeAsync(new { amount = "1200", currency = "JPY", payee = "東京電力" });

        Assert.That(type, Is.EqualTo("unicode"));
        Assert.That(text, Does.Contain("to pay JPY 1,200 to 東京電力."));
    }

    [TestCase("49.999", "EUR", "ACME Ltd", "transaction.amount")]
    [TestCase("-5", "EUR", "ACME Ltd", "transaction.amount")]
    [TestCase("49.99", "eur", "ACME Ltd", "transaction.currency")]
    [TestCase("49.99", "EUR", "ACME\u202ELtd", "transaction.payee")]
    [TestCase("49.99", "EUR", "", "transaction.payee")]
    public async Task BadTransaction_AtSend_Is400NamingTheField_AndSendsNothing(string amount, string currency, string payee, string field)
    {
        var phone = OtpClient.NewPhone();
        using var sent = await SendAsync(OtpClient.NewUserId(), phone, new { amount, currency, payee });

        var problem = await ProblemAssert.IsProblem(sent, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]![field], Is.Not.Null);
        Assert.That(await vonage.MessagesAsync(phone[1..]), Is.Empty);
    }

    [Test]
    public async Task BadTransaction_AtVerify_Is400NamingTheField_AndCostsNoAttempt()
    {
        var (id, userId, text) = await StartAsync(Acme);

        using var refused = await VerifyAsync(id, Code(text), userId, new { amount = "1e2", currency = "EUR", payee = "ACME Ltd" });
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["transaction.amount"], Is.Not.Null);
        using var status = await client.Http.GetAsync($"/otp/{id}");
        Assert.That((await OtpClient.ReadJson(status))["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task SendReplay_WithAnotherTransaction_DoesNotGetTheFirstAnswer()
    {
        var userId = OtpClient.NewUserId();
        var phone = OtpClient.NewPhone();
        var key = "tx-" + Guid.NewGuid().ToString("N");
        using var first = await SendAsync(userId, phone, Acme, key);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        using var sameAmountSpelledAnotherWay = await SendAsync(userId, phone, new { amount = "49.990", currency = "EUR", payee = "ACME Ltd" }, key);
        await ProblemAssert.IsProblem(sameAmountSpelledAnotherWay, HttpStatusCode.BadRequest, "validation_failed");
        using var replay = await SendAsync(userId, phone, new { amount = "0049.99", currency = "EUR", payee = "ACME Ltd" }, key);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the same amount, spelled otherwise, is the same request");
        using var other = await SendAsync(userId, phone, new { amount = "4999.00", currency = "EUR", payee = "ACME Ltd" }, key);
        await ProblemAssert.IsProblem(other, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.That(await vonage.MessagesAsync(phone[1..]), Has.Count.EqualTo(1), "one text in all");
    }

    [Test]
    public async Task VerifyReplay_WithAnotherTransaction_IsNotAnsweredWithTheApproval()
    {
        var (id, userId, text) = await StartAsync(Acme);
        var key = "vx-" + Guid.NewGuid().ToString("N");
        using var verified = await VerifyAsync(id, Code(text), userId, Acme, key);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var tampered = await VerifyAsync(id, Code(text), userId, new { amount = "4999.00", currency = "EUR", payee = "ACME Ltd" }, key);
        await ProblemAssert.IsProblem(tampered, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    private async Task<(string Id, string UserId, string Text)> StartAsync(object? transaction, string? locale = null)
    {
        var (id, userId, text, _) = await StartWithTypeAsync(transaction, locale);
        return (id, userId, text);
    }

    /// <returns>The verification id, its user, and the text and its encoding as the provider received them.</returns>
    private async Task<(string Id, string UserId, string Text, string Type)> StartWithTypeAsync(object? transaction, string? locale = null)
    {
        var userId = OtpClient.NewUserId();
        var phone = OtpClient.NewPhone();
        using var sent = await SendAsync(userId, phone, transaction, locale: locale);
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await sent.Content.ReadAsStringAsync());
        var message = (await vonage.MessagesAsync(phone[1..])).Single()!;
        return ((await OtpClient.ReadJson(sent))["verificationId"]!.GetValue<string>(), userId, message["text"]!.GetValue<string>(), message["type"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> SendAsync(string userId, string phone, object? transaction, string? idempotencyKey = null, string? locale = null) =>
        Post("/otp/send", new { userId, phoneNumber = phone, locale, transaction }, idempotencyKey);

    private Task<HttpResponseMessage> VerifyAsync(string id, string code, string userId, object? transaction, string? idempotencyKey = null) =>
        Post("/otp/verify", new { verificationId = id, code, userId, transaction }, idempotencyKey);

    private Task<HttpResponseMessage> Post(string path, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.Http.SendAsync(request);
    }

    /// <summary>The code leads every shipped text; the amount's digits come later.</summary>
    private static string Code(string text) => LeadingCode().Match(text).Value;

    [GeneratedRegex(@"^[0-9]{4,10}")]
    private static partial Regex LeadingCode();
}
