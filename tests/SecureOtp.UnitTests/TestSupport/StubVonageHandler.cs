using System.Net;
using System.Text;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>
/// Stands in for the Vonage endpoint: answers each request with the next scripted reply (the last one repeats) and keeps
/// every form it received, so tests can count attempts and read the exact fields.
/// </summary>
internal sealed class StubVonageHandler : HttpMessageHandler
{
    private readonly Lock gate = new();
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> replies = new();
    private Func<CancellationToken, Task<HttpResponseMessage>> last = _ => Task.FromResult(Accepted());

    public List<Dictionary<string, string>> Forms { get; } = [];

    public List<Uri> Urls { get; } = [];

    public int Calls
    {
        get
        {
            lock (gate)
            {
                return Forms.Count;
            }
        }
    }

    public static HttpResponseMessage Accepted(int parts = 1) =>
        Json(HttpStatusCode.OK, $$"""{"message-count":"{{parts}}","messages":[{{string.Join(",", Enumerable.Repeat("""{"to":"447700900000","message-id":"0C00","status":"0"}""", parts))}}]}""");

    public static HttpResponseMessage Status(string status, string errorText = "error") =>
        Json(HttpStatusCode.OK, $$"""{"message-count":"1","messages":[{"status":"{{status}}","error-text":"{{errorText}}"}]}""");

    public static HttpResponseMessage Json(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public StubVonageHandler Then(Func<HttpResponseMessage> reply) => Then(_ => Task.FromResult(reply()));

    public StubVonageHandler Then(Func<CancellationToken, Task<HttpResponseMessage>> reply)
    {
        lock (gate)
        {
            replies.Enqueue(reply);
            last = reply;
        }

        return this;
    }

    public StubVonageHandler ThenThrow(Exception error) => Then(_ => Task.FromException<HttpResponseMessage>(error));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0].Replace('+', ' ')), kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')));
        Func<CancellationToken, Task<HttpResponseMessage>> reply;
        lock (gate)
        {
            Forms.Add(form);
            Urls.Add(request.RequestUri!);
            reply = replies.Count > 0 ? replies.Dequeue() : last;
        }

        return await reply(cancellationToken);
    }
}
