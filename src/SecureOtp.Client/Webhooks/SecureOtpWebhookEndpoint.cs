using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SecureOtp.Client.Json;

namespace SecureOtp.Client.Webhooks;

/// <summary>
/// Reads one delivery: the body (bounded), the three Standard Webhooks headers, the signature against every configured
/// secret and the timestamp against the clock; only then the application's handler sees the event.
/// </summary>
internal sealed partial class SecureOtpWebhookEndpoint(
    SecureOtpWebhookOptions options,
    Func<SecureOtpWebhookEvent, CancellationToken, Task> handler,
    TimeProvider time,
    ILogger logger)
{
    private readonly IReadOnlyList<byte[]> keys = [.. options.Secrets.Select(s =>
        StandardWebhookSignature.KeyOf(s) ?? throw new InvalidOperationException("A SecureOtp webhook secret is not whsec_ + base64."))];

    public async Task HandleAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var headers = context.Request.Headers;
        string? id = headers["webhook-id"];
        string? timestampText = headers["webhook-timestamp"];
        string? signature = headers["webhook-signature"];
        if (string.IsNullOrEmpty(id) || headers["webhook-id"].Count != 1 || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            Refuse(context, "missing or malformed webhook headers");
            return;
        }

        // The signature first: an unsigned caller learns nothing, not even whether its timestamp would do.
        if (!StandardWebhookSignature.Matches(keys, id, timestamp, body, signature))
        {
            Refuse(context, "no valid signature");
            return;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, 253_402_300_799));
        if (age.Duration() > options.Tolerance)
        {
            Refuse(context, "timestamp outside the tolerance");
            return;
        }

        var received = Parse(id, body);
        if (received is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await handler(received, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > options.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SecureOtpWebhookEvent? Parse(string id, byte[] body)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(body, ClientJsonContext.Default.WebhookEventBody);
            if (parsed?.Type is not { Length: > 0 } type || parsed.Data.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var data = parsed.Data.Deserialize(ClientJsonContext.Default.SecureOtpEventData) ?? new SecureOtpEventData();
            return new SecureOtpWebhookEvent { Id = id, Type = type, Timestamp = parsed.Timestamp, Data = data, RawData = parsed.Data.Clone() };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Refuse(HttpContext context, string reason)
    {
        LogRefused(logger, reason);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "SecureOtp webhook refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
