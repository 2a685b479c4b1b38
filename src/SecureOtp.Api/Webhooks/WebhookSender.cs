using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// One signed POST to a tenant's endpoint (Standard Webhooks headers), bounded by <c>Webhooks:Timeout</c>. Redirects are
/// not followed (the factory's defaults): a receiver that moved says so in its configuration, not in a 3xx.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time, IOptions<WebhookOptions> options)
{
    public const string HttpClientName = "webhooks";

    public async Task<SendResult> SendAsync(Uri url, string eventId, string body, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(eventId, now, body, keys));
        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return response.StatusCode switch
            {
                >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous => SendResult.Delivered,
                HttpStatusCode.Gone => SendResult.Gone,
                var status => new SendResult(SendOutcome.Failed, "http_" + ((int)status).ToString(CultureInfo.InvariantCulture), RetryAfter(response, now)),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Failed, "timeout", null);
        }
        catch (HttpRequestException)
        {
            return new SendResult(SendOutcome.Failed, "connection", null);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}

internal enum SendOutcome
{
    Delivered,
    Failed,
    Gone,
}

/// <param name="Reason">A failure's metric label: <c>http_&lt;status&gt;</c>, <c>timeout</c> or <c>connection</c>.</param>
/// <param name="RetryAfter">The endpoint's own <c>Retry-After</c>, honoured as the least wait.</param>
internal sealed record SendResult(SendOutcome Outcome, string Reason, TimeSpan? RetryAfter)
{
    public static readonly SendResult Delivered = new(SendOutcome.Delivered, "", null);
    public static readonly SendResult Gone = new(SendOutcome.Gone, "http_410", null);
}
