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
        ("/otp/send", "post", [.. OtpOutcomes.Send.Rows], KeyedJsonBody),
        ("/otp/verify", "post", [.. OtpOutcomes.Verify.Rows], KeyedJsonBody),
        ("/otp/{verificationId}", "get", [.. OtpOutcomes.Status.Rows], [.. CommonProblems.ApiKey]),
        ("/otp/{verificationId}", "delete", [.. OtpOutcomes.Cancel.Rows], [.. CommonProblems.ApiKey]),
        (DeliveryReceiptApi.Path, "get", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
        (DeliveryReceiptApi.Path, "post", [.. ReceiptOutcomes.Table.Rows], [CommonProblems.UnsupportedMediaType]),
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

    private static (OutcomeInfo[] Outcomes, ProblemKind[] BeforeHandler) Operation(string method, string path)
    {
        var operation = Operations.Single(o => o.Method == method && o.Path == path);
        return (operation.Outcomes, operation.BeforeHandler);
    }

    private JsonObject Responses(string path, string method) =>
        document["paths"]![path]![method]!["responses"]!.AsObject();
}
