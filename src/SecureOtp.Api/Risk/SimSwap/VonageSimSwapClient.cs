using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// One attempt at Vonage Identity Insights' SIM-swap insight: <c>POST {BaseUrl}/identity-insights/v1/requests</c> with the
/// application's JWT. The insight carries its own status code; only <c>OK</c> with <c>is_swapped</c> is an answer.
/// </summary>
internal sealed class VonageSimSwapClient(IHttpClientFactory httpClients, VonageJwtSigner signer, IOptions<SimSwapOptions> options)
    : ISimSwapProvider
{
    public const string RequestsPath = "/identity-insights/v1/requests";

    /// <summary>The documented purpose for fraud checks.</summary>
    public const string Purpose = "FraudPreventionAndDetection";

    /// <summary>Insight status codes that mean "this number cannot be answered for", not "the service is down".</summary>
    private static readonly HashSet<string> NumberCodes = new(StringComparer.Ordinal)
    {
        "INVALID_NUMBER_FORMAT", "UNSUPPORTED_NETWORK_TYPE", "NO_COVERAGE", "NOT_FOUND", "UNAUTHORIZED",
    };

    public string Name => "vonage";

    public async Task<SimSwapAttempt> CheckAsync(string phoneE164, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, SimSwapWire.Endpoint(o.VonageBaseUrl, RequestsPath))
        {
            Content = SimSwapWire.JsonBody(Body(phoneE164, o), SimSwapJsonContext.Default.VonageInsightsRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", signer.CreateToken());
        request.Headers.Accept.ParseAdd("application/json");
        using var http = httpClients.CreateClient(CamaraSimSwapClient.HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Classify(response.StatusCode, body);
    }

    /// <summary><c>phone_number</c> is digits only, no '+'; <c>period</c> is MaxAgeHours.</summary>
    public static VonageInsightsRequest Body(string phoneE164, SimSwapOptions o) =>
        new(phoneE164.TrimStart('+'), Purpose, new VonageInsightsSelection(new VonageSimSwapRequest(o.MaxAgeHours)));

    public static SimSwapAttempt Classify(HttpStatusCode status, string body)
    {
        var http = (int)status;
        if (status != HttpStatusCode.OK)
        {
            return status is HttpStatusCode.UnprocessableEntity
                ? new SimSwapAttempt(SimSwapOutcome.NotApplicable, http)
                : SimSwapAttempt.FromHttpFailure(http, null);
        }

        var insight = SimSwapWire.TryParse(body, SimSwapJsonContext.Default.VonageInsightsResponse)?.Insights?.SimSwap;
        var code = insight?.Status?.Code;
        return (code, insight?.IsSwapped) switch
        {
            ("OK" or null, true) => SimSwapAttempt.Swapped,
            ("OK" or null, false) => SimSwapAttempt.NotSwapped,
            ({ } c, _) when NumberCodes.Contains(c) => new SimSwapAttempt(SimSwapOutcome.NotApplicable, http, c),
            _ => new SimSwapAttempt(SimSwapOutcome.Failed, http, SimSwapWire.SafeCode(code) ?? "malformed"),
        };
    }
}
