using System.Globalization;
using System.Text.Json.Nodes;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Totp;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> against the outcome tables the handlers answer from: every status an endpoint can give is in
/// the document and nothing else is, so the two cannot drift apart.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string ProblemJson = "application/problem+json";

    private static readonly ProblemKind[] KeyedJsonBody = [.. CommonProblems.ApiKey, .. CommonProblems.JsonBody];

    /// <summary>Each operation, its outcome table, and what the pipeline answers before its handler runs.</summary>
    private static readonly (string Path, string Method, OutcomeInfo[] Outcomes, ProblemKind[] BeforeHandler)[] Operations =
    [
        ("/otp/send", "post", [.. OtpOutcomeTables.Send.Rows], KeyedJsonBody),
        ("/otp/verify", "post", [.. OtpOutcomeTables.Verify.Rows], KeyedJsonBody),
        ("/otp/{verificationId}", "get", [.. OtpOutcomeTables.Status.Rows], [.. CommonProblems.ApiKey]),
        ("/otp/{verificationId}", "delete", [.. OtpOutcomeTables.Cancel.Rows], [.. CommonProblems.ApiKey]),
        ("/otp/{verificationId}/resend", "post", [.. OtpOutcomeTables.Resend.Rows], KeyedJsonBody),
        (DeliveryReceiptApi.Path, "get", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
        (DeliveryReceiptApi.Path, "post", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
        (TwilioReceiptApi.Path, "post", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
        (VonageChannelEventApi.VoicePath, "post", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
        (VonageChannelEventApi.MessagePath, "post", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
        ("/totp/enroll", "post", [.. TotpOutcomeTables.Enroll.Rows], KeyedJsonBody),
        ("/totp/confirm", "post", [.. TotpOutcomeTables.Confirm.Rows], KeyedJsonBody),
        ("/totp/verify", "post", [.. TotpOutcomeTables.Verify.Rows], KeyedJsonBody),
        ("/totp/recover", "post", [.. TotpOutcomeTables.Recover.Rows], KeyedJsonBody),
        ("/totp/{userId}", "get", [.. TotpOutcomeTables.Status.Rows], [.. CommonProblems.ApiKey]),
        ("/totp/{userId}", "delete", [.. TotpOutcomeTables.Delete.Rows], [.. CommonProblems.ApiKey]),
    ];

    private SecureOtpApp app = null!;
    private JsonNode document = null!;

    private static IEnumerable<TestCaseData> EachOperation() => Operations.Select(o => new TestCaseData(o.Method, o.Path));

    [OneTimeSetUp]
    public async Task ReadDocument()
    {
        app = new SecureOtpApp(StoreKind.InProcess);
        using var http = app.CreateClient();
        document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    [Test]
    public void Document_HasExactlyTheOperationsThatHaveOutcomeTables()
    {
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => (path.Key, method.Key)));

        Assert.That(documented, Is.EquivalentTo(Operations.Select(o => (o.Path, o.Method))));
    }

    [TestCaseSource(nameof(EachOperation))]
    public void Operation_ListsExactlyTheStatusesOfItsOutcomesAndPipeline(string method, string path)
    {
        var (outcomes, beforeHandler) = Operation(method, path);
        var expected = outcomes.Select(o => o.Status).Concat(beforeHandler.Select(p => p.Status)).Distinct().Order().ToArray();

        var documented = Responses(path, method).Select(r => int.Parse(r.Key, CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.That(documented, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(EachOperation))]
    public void Operation_DescribesEachErrorStatusAsProblemJsonNamingItsProblemTypes(string method, string path)
    {
        var (outcomes, beforeHandler) = Operation(method, path);
        var problems = outcomes.Select(o => o.Problem).OfType<ProblemKind>().Concat(beforeHandler).ToList();
        Assert.That(problems, Is.Not.Empty);
        var responses = Responses(path, method).ToDictionary(r => r.Key, r => r.Value!);
        Assert.Multiple(() =>
        {
            foreach (var problem in problems)
            {
                var response = responses[problem.Status.ToString(CultureInfo.InvariantCulture)];
                Assert.That(response["content"]?.AsObject().Select(c => c.Key), Is.EqualTo(new[] { ProblemJson }), $"{problem.Status} of {method} {path}");
                Assert.That(response["description"]?.GetValue<string>(), Does.Contain($"`{problem.Type}`"), $"{problem.Status} of {method} {path}");
            }
        });
    }

    [TestCaseSource(nameof(EachOperation))]
    public void Operation_NeverDescribesASuccessAsProblemJson(string method, string path)
    {
        var successes = Operation(method, path).Outcomes.Where(o => o.Problem is null).Select(o => o.Status.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        var successContent = Responses(path, method).Where(r => successes.Contains(r.Key))
            .SelectMany(r => r.Value!["content"]?.AsObject().Select(c => c.Key) ?? []);

        Assert.That(successContent, Has.None.EqualTo(ProblemJson));
    }

    /// <summary>Issue 21: <c>servers</c> was built from the request's Host header, so anyone could have the service hand
    /// out (and a shared cache keep) a document pointing clients at another host.</summary>
    [Test]
    public async Task ForgedHostHeader_NeverAppearsInTheDocument()
    {
        using var fresh = new SecureOtpApp(StoreKind.InProcess); // the forged request is the first: nothing cached before it
        using var http = fresh.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(body, Does.Not.Contain("attacker.example"));
        Assert.That(JsonNode.Parse(body)!["servers"], Is.Null, "no servers: clients resolve paths against where they fetched it");
    }

    [Test]
    public async Task Document_CarriesAnETagAndNoCache_AndARevalidationIs304()
    {
        using var http = app.CreateClient();
        using var first = await http.GetAsync("/openapi/v1.json");
        Assert.That(first.Headers.CacheControl?.Public, Is.True);
        Assert.That(first.Headers.CacheControl?.NoCache, Is.True, "a cache keeps it but asks again: a deployment changes the contract");
        Assert.That(first.Headers.ETag, Is.Not.Null);

        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        revalidation.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await http.SendAsync(revalidation);
        Assert.That(second.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotModified));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(second.Headers.ETag, Is.EqualTo(first.Headers.ETag));
    }

    private static (OutcomeInfo[] Outcomes, ProblemKind[] BeforeHandler) Operation(string method, string path)
    {
        var operation = Operations.Single(o => o.Method == method && o.Path == path);
        return (operation.Outcomes, operation.BeforeHandler);
    }

    private JsonObject Responses(string path, string method) =>
        document["paths"]![path]![method]!["responses"]!.AsObject();
}
