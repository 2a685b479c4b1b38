using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>A bearer token and the instant after which it is no longer handed out.</summary>
internal sealed record CamaraAccessToken(string Value, DateTimeOffset RefreshAt);

/// <summary>Either a token or the failed attempt to get one.</summary>
internal readonly record struct CamaraTokenResult(CamaraAccessToken? Token, SimSwapAttempt? Failure);

/// <summary>
/// The CAMARA OAuth2 client-credentials token (2-legged): fetched with <c>client_id</c>/<c>client_secret</c> in the form
/// body, reused until <see cref="RefreshMargin"/> before <c>expires_in</c>. Concurrent callers share one fetch.
/// </summary>
internal sealed class CamaraTokenSource(IHttpClientFactory httpClients, IOptions<SimSwapOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "simswap-token";

    /// <summary>Refresh this long before the token expires, so no request carries a token that dies in flight.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>When the server omits <c>expires_in</c> (it is only RECOMMENDED): reuse briefly, then ask again.</summary>
    public static readonly TimeSpan AssumedLifetime = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    private readonly SemaphoreSlim gate = new(1, 1);
    private CamaraAccessToken? current;

    public async ValueTask<CamaraTokenResult> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return new(cached, null);
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate before us may have fetched one already.
            if (Fresh() is { } fetchedMeanwhile)
            {
                return new(fetchedMeanwhile, null);
            }

            var result = await FetchAsync(cancellationToken);
            if (result.Token is not null)
            {
                Volatile.Write(ref current, result.Token);
            }

            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The API refused this token (401): forget it, unless a newer one has replaced it already.</summary>
    public void Invalidate(CamaraAccessToken rejected) => Interlocked.CompareExchange(ref current, null, rejected);

    public void Dispose() => gate.Dispose();

    /// <summary>The exact form posted to the token endpoint (RFC 6749 §4.4, client authentication in the body).</summary>
    public static List<KeyValuePair<string, string>> Form(SimSwapOptions o) =>
    [
        new("grant_type", "client_credentials"),
        new("client_id", o.ClientId!),
        new("client_secret", o.ClientSecret!),
        new("scope", o.Scope),
    ];

    private CamaraAccessToken? Fresh() =>
        Volatile.Read(ref current) is { } token && time.GetUtcNow() < token.RefreshAt ? token : null;

    private async Task<CamaraTokenResult> FetchAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var requestedAt = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, o.TokenUrl) { Content = new FormUrlEncodedContent(Form(o)) };
        request.Headers.Accept.ParseAdd("application/json");
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var parsed = SimSwapWire.TryParse(body, SimSwapJsonContext.Default.OAuthTokenResponse);

        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(parsed?.AccessToken))
        {
            var code = "token:" + (SimSwapWire.SafeCode(parsed?.Error) ?? (response.IsSuccessStatusCode ? "malformed" : "http"));
            return new(null, SimSwapAttempt.FromHttpFailure((int)response.StatusCode, code));
        }

        return new(new CamaraAccessToken(parsed.AccessToken, requestedAt + ReuseFor(parsed.ExpiresIn)), null);
    }

    /// <summary><c>expires_in</c> less the margin; for tokens shorter-lived than twice the margin, half their life.</summary>
    internal static TimeSpan ReuseFor(long? expiresInSeconds)
    {
        if (expiresInSeconds is not > 0)
        {
            return AssumedLifetime;
        }

        var lifetime = TimeSpan.FromSeconds(Math.Min(expiresInSeconds.Value, (long)MaxLifetime.TotalSeconds));
        return lifetime > 2 * RefreshMargin ? lifetime - RefreshMargin : lifetime / 2;
    }
}
