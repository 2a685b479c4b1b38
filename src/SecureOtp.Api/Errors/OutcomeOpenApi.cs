using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace SecureOtp.Api.Errors;

internal static class OutcomeOpenApi
{
    /// <summary>An endpoint's OpenAPI operation in one call: its operation id, its summary and the answers of
    /// <see cref="ProducesOutcomes"/>.</summary>
    public static RouteHandlerBuilder Documented<TKind>(
        this RouteHandlerBuilder endpoint, string name, string summary, OutcomeTable<TKind> outcomes, params IEnumerable<ProblemKind> beforeHandler)
        where TKind : struct, Enum =>
        endpoint.WithName(name).WithSummary(summary).ProducesOutcomes(outcomes, beforeHandler);

    /// <summary>
    /// Puts every error an endpoint can answer into its OpenAPI operation, as <c>application/problem+json</c>: the problem
    /// rows of its outcome table and what the pipeline answers before the handler runs (API key, body reading). Each
    /// status says which problem types it carries. Success statuses come from the handler's typed results.
    /// </summary>
    public static RouteHandlerBuilder ProducesOutcomes<TKind>(
        this RouteHandlerBuilder endpoint, OutcomeTable<TKind> outcomes, params IEnumerable<ProblemKind> beforeHandler)
        where TKind : struct, Enum
    {
        var byStatus = outcomes.Rows.Select(o => o.Problem).OfType<ProblemKind>().Concat(beforeHandler)
            .Distinct().GroupBy(p => p.Status).OrderBy(g => g.Key).ToList();
        foreach (var status in byStatus)
        {
            // A validation problem is the one that lists its fields under "errors"; its status gets that schema.
            _ = status.Contains(CommonProblems.ValidationFailed)
                ? endpoint.ProducesValidationProblem(status.Key)
                : endpoint.ProducesProblem(status.Key);
        }

        return endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var status in byStatus)
            {
                if (operation.Responses?.GetValueOrDefault(status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    is OpenApiResponse response)
                {
                    response.Description = Describe(status.Key, status);
                }
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>"Too Many Requests", then one line per problem type: the slug clients switch on, and its title.</summary>
    private static string Describe(int status, IEnumerable<ProblemKind> problems) =>
        ReasonPhrases.GetReasonPhrase(status) + "\n\n"
        + string.Join("\n", problems.Select(p => $"- `{p.Type}`: {p.Title}"));
}
