using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// One attempt at CAMARA SIM Swap v2: <c>POST {BaseUrl}/sim-swap/v2/check</c> with a client-credentials bearer token.
/// A 401 means the token died early (revoked, rotated): it is dropped and the call made once more with a fresh one.
/// </summary>
internal sealed class CamaraSimSwapClient(IHttpClientFactory httpClients, CamaraTokenSource tokens, IOptions<SimSwapOptions> options)
    : ISimSwapProvider
{
    public const string HttpClientName = "simswap";

    public const string CheckPath = "/sim-swap/v2/check";

    public string Name => "camara";

    public async Task<SimSwapAttempt> CheckAsync(string phoneE164, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        if (token.Token is null)
        {
            return token.Failure!;
        }

        var attempt = await PostAsync(phoneE164, token.Token, cancellationToken);
        if (attempt.HttpStatus != (int)HttpStatusCode.Unauthorized)
        {
            return attempt;
        }

        tokens.Invalidate(token.Token);
        token = await tokens.GetAsync(cancellationToken);
        return token.Token is null ? token.Failure! : await PostAsync(phoneE164, token.Token, cancellationToken);
    }

    public static CamaraCheckRequest Body(string phoneE164, SimSwapOptions o) => new(phoneE164, o.MaxAgeHours);

    /// <summary>Reads a CAMARA answer (reference.md: 200 <c>{"swapped":bool}</c>, errors <c>{"status","code","message"}</c>).</summary>
    public static SimSwapAttempt Classify(HttpStatusCode status, string body)
    {
        var http = (int)status;
        if (status == HttpStatusCode.OK)
        {
            return SimSwapWire.TryParse(body, SimSwapJsonContext.Default.CamaraCheckResponse)?.Swapped switch
            {
                true => SimSwapAttempt.Swapped,
                false => SimSwapAttempt.NotSwapped,
                null => new SimSwapAttempt(SimSwapOutcome.Failed, http, "malformed"),
            };
        }

        var code = SimSwapWire.SafeCode(SimSwapWire.TryParse(body, SimSwapJsonContext.Default.CamaraErrorResponse)?.Code);

        // 404 IDENTIFIER_NOT_FOUND, 422 SERVICE_NOT_APPLICABLE / MISSING_IDENTIFIER: this number, not the provider.
        return status is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity
            ? new SimSwapAttempt(SimSwapOutcome.NotApplicable, http, code)
            : SimSwapAttempt.FromHttpFailure(http, code);
    }

    private async Task<SimSwapAttempt> PostAsync(string phoneE164, CamaraAccessToken token, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, SimSwapWire.Endpoint(o.BaseUrl!, CheckPath))
        {
            Content = SimSwapWire.JsonBody(Body(phoneE164, o), SimSwapJsonContext.Default.CamaraCheckRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.Accept.ParseAdd("application/json");
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Classify(response.StatusCode, body);
    }
}
