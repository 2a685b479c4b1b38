using System.Net;
using System.Text;

namespace SecureOtp.Client.Tests;

/// <summary>Answers each request with the next scripted answer (the last one repeats) and records what it was sent.</summary>
public sealed class StubHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> answers = new();
    private Func<HttpResponseMessage>? last;

    public List<RecordedRequest> Requests { get; } = [];

    public StubHandler Then(HttpStatusCode status, string? json = null, string mediaType = "application/problem+json", int? retryAfterSeconds = null)
    {
        answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, mediaType);
            }

            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return response;
        });
        return this;
    }

    public StubHandler ThenProblem(int status, string type, string extra = "", int? retryAfterSeconds = null) =>
        Then((HttpStatusCode)status, $$"""{"type":"{{type}}","title":"t","status":{{status}}{{extra}}}""", retryAfterSeconds: retryAfterSeconds);

    public StubHandler ThenOk(string json, HttpStatusCode status = HttpStatusCode.OK) => Then(status, json, "application/json");

    public StubHandler ThenNoAnswer()
    {
        answers.Enqueue(() => throw new HttpRequestException("connection refused"));
        return this;
    }

    public Func<DateTimeOffset>? Clock { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            body, Clock?.Invoke()));
        var next = answers.Count > 0 ? answers.Dequeue() : last ?? throw new InvalidOperationException("no answer scripted");
        last = next;
        return next();
    }
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? Body, DateTimeOffset? At)
{
    public string? IdempotencyKey => Headers.GetValueOrDefault("Idempotency-Key");
}
