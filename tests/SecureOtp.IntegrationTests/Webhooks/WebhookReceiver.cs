using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SecureOtp.IntegrationTests.Webhooks;

/// <summary>
/// A relying application's webhook endpoint on a free loopback port, one path per tenant (<c>/hooks/&lt;tenant&gt;</c>).
/// It records every request in arrival order and answers as told: fail the first N requests (500), hang (until the test
/// releases it or the caller gives up), or accept (204).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> hanging = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> gone = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ReceivedWebhook> received = [];
    private int inFlightHangs;

    private WebhookReceiver(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
        app.MapPost("/hooks/{tenant}", HandleAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Requests held open right now by <see cref="Hang"/>.</summary>
    public int InFlightHangs => Volatile.Read(ref inFlightHangs);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var (app, baseUrl) = Infrastructure.LoopbackWebApp.Create();
        var receiver = new WebhookReceiver(app, baseUrl);
        await app.StartAsync();
        return receiver;
    }

    public string UrlFor(string tenant) => new Uri(BaseUrl, $"/hooks/{tenant}").ToString();

    public void FailFirst(string tenant, int count) => failuresLeft[tenant] = count;

    /// <summary>Answers every request for <paramref name="tenant"/> 410 Gone: the endpoint was removed.</summary>
    public void Gone(string tenant) => gone[tenant] = true;

    /// <summary>Holds every request for <paramref name="tenant"/> open until <see cref="Release"/>.</summary>
    public void Hang(string tenant) => hanging[tenant] = true;

    public void Release(string tenant)
    {
        hanging[tenant] = false;
        release.TrySetResult();
    }

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    /// <summary>The requests for <paramref name="tenant"/> that were accepted, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted(string tenant) => [.. Received.Where(r => r.Tenant == tenant && r.Status == StatusCodes.Status204NoContent)];

    private async Task<IResult> HandleAsync(string tenant, HttpRequest request, CancellationToken aborted)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(aborted);
        var status = StatusCodes.Status204NoContent;
        if (gone.ContainsKey(tenant))
        {
            status = StatusCodes.Status410Gone;
        }
        else if (failuresLeft.TryGetValue(tenant, out var left) && left > 0)
        {
            failuresLeft[tenant] = left - 1;
            status = StatusCodes.Status500InternalServerError;
        }
        else if (hanging.TryGetValue(tenant, out var hang) && hang)
        {
            Interlocked.Increment(ref inFlightHangs);
            try
            {
                await release.Task.WaitAsync(aborted);
            }
            catch (OperationCanceledException)
            {
                status = StatusCodes.Status499ClientClosedRequest; // the caller gave up: not delivered
            }
            finally
            {
                Interlocked.Decrement(ref inFlightHangs);
            }
        }

        lock (received)
        {
            received.Add(new ReceivedWebhook(tenant, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body, status));
        }

        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        release.TrySetResult();
        await app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Tenant, string Id, string Timestamp, string Signature, string Body, int Status)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Type => Json["type"]!.GetValue<string>();

    public string? VerificationId => Json["data"]?["verificationId"]?.GetValue<string>();
}
