using System.Net;
using System.Text;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>One request as the stub saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string Body)
{
    public Dictionary<string, string> Form() => Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(kv => Uri.UnescapeDataString(kv[0].Replace('+', ' ')), kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')));
}

/// <summary>
/// Stands in for a SIM-swap provider or its token endpoint: answers each request with the next scripted reply (the last
/// one repeats) and records every request, so tests can count calls and read exact URLs, headers and bodies.
/// </summary>
internal sealed class StubSimSwapHandler(Func<HttpResponseMessage> defaultReply) : HttpMessageHandler
{
    private readonly Lock gate = new();
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> replies = new();
    private readonly List<RecordedRequest> requests = [];
    private Func<CancellationToken, Task<HttpResponseMessage>> last = _ => Task.FromResult(defaultReply());

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public int Calls
    {
        get
        {
            lock (gate)
            {
                return requests.Count;
            }
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Token(string accessToken, int expiresIn = 3600) =>
        Json(HttpStatusCode.OK, $$"""{"access_token":"{{accessToken}}","token_type":"Bearer","expires_in":{{expiresIn}}}""");

    public static HttpResponseMessage CamaraSwapped(bool swapped) => Json(HttpStatusCode.OK, $$"""{"swapped":{{(swapped ? "true" : "false")}}}""");

    public static HttpResponseMessage CamaraError(HttpStatusCode code, string camaraCode) =>
        Json(code, $$"""{"status":{{(int)code}},"code":"{{camaraCode}}","message":"a message"}""");

    public static HttpResponseMessage VonageInsight(bool swapped, string statusCode = "OK") =>
        Json(HttpStatusCode.OK, $$"""{"request_id":"r-1","insights":{"sim_swap":{"latest_sim_swap_at":"2024-07-08T09:30:27.504Z","is_swapped":{{(swapped ? "true" : "false")}},"status":{"code":"{{statusCode}}","message":"m"} } } }""");

    /// <summary>An answer slower than any timeout a test uses; it ends when the caller gives up.</summary>
    public static async Task<HttpResponseMessage> Slow(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    public StubSimSwapHandler Then(Func<HttpResponseMessage> reply) => Then(_ => Task.FromResult(reply()));

    public StubSimSwapHandler Then(Func<CancellationToken, Task<HttpResponseMessage>> reply)
    {
        lock (gate)
        {
            replies.Enqueue(reply);
            last = reply;
        }

        return this;
    }

    public StubSimSwapHandler ThenThrow(Exception error) => Then(_ => Task.FromException<HttpResponseMessage>(error));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<CancellationToken, Task<HttpResponseMessage>> reply;
        lock (gate)
        {
            requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
                request.Content?.Headers.ContentType?.MediaType, body));
            reply = replies.Count > 0 ? replies.Dequeue() : last;
        }

        return await reply(cancellationToken);
    }
}
